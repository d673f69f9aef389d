package dev.tessera.server.store;

import io.dropwizard.db.DataSourceFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an embedded (H2 file) role store must be, whatever config.yml says: it opens no network listener, and a
 * change is on disk before the request that made it is answered. PostgreSQL and other URLs pass untouched.
 */
public final class EmbeddedStoreUrl {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStoreUrl.class);

    /** H2's own default is a background commit every 500 ms: a crash loses changes already answered 2xx. */
    static final String WRITE_DELAY = "WRITE_DELAY";
    /** Settings that make H2 open a TCP port beside the file, for other processes to share it. */
    private static final String[] LISTENER_SETTINGS = {"AUTO_SERVER", "AUTO_SERVER_PORT"};

    private EmbeddedStoreUrl() {}

    /** The store when config.yml names none: the H2 file {@code tessera} in the directory, durable on commit. */
    public static DataSourceFactory defaults(Path directory) {
        DataSourceFactory factory = new DataSourceFactory();
        factory.setDriverClass("org.h2.Driver");
        // No network listener (AUTO_SERVER): the CLI opens the store only while the server is stopped.
        factory.setUrl("jdbc:h2:file:" + directory.resolve("tessera") + ";" + WRITE_DELAY + "=0");
        // No password: with no listener, only who can read the file can open it, and a password would not stop
        // them (the file is not encrypted). The file permissions are the protection.
        factory.setUser("tessera");
        factory.setPassword("");
        return factory;
    }

    /** Why this store would listen on the network, naming the setting, to follow the key {@code database}; or empty. */
    public static Optional<String> listenerProblem(DataSourceFactory database) {
        Optional<H2Url> h2 = H2Url.parse(database.getUrl()).filter(H2Url::isFileStore);
        if (h2.isEmpty()) {
            return Optional.empty();
        }
        for (String name : LISTENER_SETTINGS) {
            Optional<String> value = setting(h2.get(), database, name);
            boolean listens = name.equals("AUTO_SERVER") ? value.filter("TRUE"::equalsIgnoreCase).isPresent() : value.isPresent();
            if (listens) {
                // Read after the key it is reported on: "database asks H2 for AUTO_SERVER=TRUE, ..."
                return Optional.of("asks H2 for " + name + "=" + value.get() + ", which makes the embedded role store "
                        + "listen on a TCP port that any local user can reach: remove it (to change users and roles "
                        + "while the server runs, use the admin API; to share the store between servers, use PostgreSQL)");
            }
        }
        return Optional.empty();
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
