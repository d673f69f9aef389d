package dev.tessera.server.store;

import io.dropwizard.db.DataSourceFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an embedded (H2 file) role store must be, whatever config.yml says: a change is on disk before the request
 * that made it is answered. PostgreSQL and other URLs pass untouched.
 */
public final class EmbeddedStoreUrl {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStoreUrl.class);

    /** H2's own default is a background commit every 500 ms: a crash loses changes already answered 2xx. */
    static final String WRITE_DELAY = "WRITE_DELAY";

    private EmbeddedStoreUrl() {}

    /** The store when config.yml names none: the H2 file {@code tessera} in the directory, durable on commit. */
    public static DataSourceFactory defaults(Path directory) {
        DataSourceFactory factory = new DataSourceFactory();
        factory.setDriverClass("org.h2.Driver");
        // AUTO_SERVER lets the CLI (users, roles) open the store while the server has it open.
        factory.setUrl("jdbc:h2:file:" + directory.resolve("tessera") + ";AUTO_SERVER=TRUE;" + WRITE_DELAY + "=0");
        factory.setUser("tessera");
        factory.setPassword("");
        return factory;
    }

    /** Adds {@code WRITE_DELAY=0} to an H2 file store that does not choose a write delay itself. */
    public static void makeDurable(DataSourceFactory database) {
        H2Url.parse(database.getUrl())
                .filter(H2Url::isFileStore)
                .filter(h2 -> setting(h2, database, WRITE_DELAY).isEmpty())
                .ifPresent(h2 -> database.setUrl(h2.withSetting(WRITE_DELAY, "0")));
    }

    /** A warning when config.yml chose a write delay that lets a crash undo answered changes. */
    public static Optional<String> durabilityWarning(DataSourceFactory database) {
        return H2Url.parse(database.getUrl())
                .filter(H2Url::isFileStore)
                .flatMap(h2 -> setting(h2, database, WRITE_DELAY))
                .filter(delay -> !delay.equals("0"))
                .map(delay -> "database asks H2 for " + WRITE_DELAY + "=" + delay + ", which lets a crash undo role "
                        + "store changes made in the last " + delay + " ms although they were answered 2xx: remove it "
                        + "to have each change written before it is answered");
    }

    /** Logs the durability warning, if any, once at start. */
    public static void warnIfNotDurable(DataSourceFactory database) {
        durabilityWarning(database).ifPresent(LOG::warn);
    }

    /** A setting from the URL or, as H2 also reads them, from {@code database.properties}. */
    private static Optional<String> setting(H2Url h2, DataSourceFactory database, String name) {
        Optional<String> inUrl = h2.setting(name);
        if (inUrl.isPresent()) {
            return inUrl;
        }
        for (Map.Entry<String, String> property : database.getProperties().entrySet()) {
            if (property.getKey().strip().toUpperCase(Locale.ROOT).equals(name)) {
                return Optional.ofNullable(property.getValue());
            }
        }
        return Optional.empty();
    }
}
