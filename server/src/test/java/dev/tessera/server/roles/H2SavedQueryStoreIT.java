package dev.tessera.server.roles;

import io.dropwizard.db.DataSourceFactory;
import java.nio.file.Files;

/** Saved queries on the embedded default: an H2 file. */
class H2SavedQueryStoreIT extends SavedQueryStoreContract {

    @Override
    protected DataSourceFactory emptyDatabase() throws Exception {
        DataSourceFactory database = new DataSourceFactory();
        database.setDriverClass("org.h2.Driver");
        database.setUrl("jdbc:h2:file:" + Files.createTempDirectory("tessera-h2").resolve("store"));
        database.setUser("tessera");
        database.setPassword("");
        return database;
    }
}
