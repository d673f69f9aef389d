package dev.tessera.server.testing;

import dev.tessera.server.roles.StoreMigrations;
import dev.tessera.server.roles.StoreTransactions;
import io.dropwizard.db.DataSourceFactory;
import java.time.Clock;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** A real role store, migrated, in a private in-memory H2 database: for unit tests of what keeps state in it. */
public final class InMemoryStore {

    private InMemoryStore() {
    }

    public static StoreTransactions create() {
        DataSourceFactory database = new DataSourceFactory();
        database.setDriverClass("org.h2.Driver");
        database.setUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        database.setUser("tessera");
        database.setPassword("");
        try {
            StoreMigrations.migrate(database);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Jdbi jdbi = Jdbi.create(database.getUrl(), database.getUser(), database.getPassword()).installPlugin(new SqlObjectPlugin());
        return new StoreTransactions(jdbi, Clock.systemUTC());
    }
}
