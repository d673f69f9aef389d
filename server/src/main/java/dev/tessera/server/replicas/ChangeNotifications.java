package dev.tessera.server.replicas;

import io.dropwizard.db.DataSourceFactory;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;

/**
 * How a committed change reaches the other replicas sharing a PostgreSQL store: a {@code NOTIFY} on one channel,
 * sent in the change's own transaction, so it is delivered exactly when (and only if) the change commits. The
 * payload names this replica, so it can skip its own, and the user concerned ({@code ""}: everyone).
 */
public final class ChangeNotifications {

    /** The channel every replica listens on. */
    static final String CHANNEL = "tessera_changes";
    private static final char SEPARATOR = '|';

    private final String origin = UUID.randomUUID().toString();

    /** Whether the store is PostgreSQL, the only one with LISTEN/NOTIFY (H2 is one server: nothing to tell). */
    public static boolean supported(DataSourceFactory database) {
        return database.getUrl() != null && database.getUrl().startsWith("jdbc:postgresql:");
    }

    /** What a change's transaction calls to tell the other servers: a NOTIFY on PostgreSQL, nothing on H2. */
    public BiConsumer<Handle, String> publisher(DataSourceFactory database) {
        return supported(database) ? this::publish : (handle, username) -> { };
    }

    /** Called inside the change's transaction. */
    void publish(Handle handle, String username) {
        handle.createQuery("SELECT pg_notify(:channel, :payload)")
                .bind("channel", CHANNEL)
                .bind("payload", origin + SEPARATOR + (username == null ? "" : username))
                .mapTo(String.class)
                .findOne();
    }

    /**
     * The user a notification from another replica concerns: empty for one of ours (already announced here),
     * {@code Optional.of("")} for a change concerning everyone.
     */
    Optional<String> foreignChange(String payload) {
        int separator = payload.indexOf(SEPARATOR);
        if (separator < 0 || payload.substring(0, separator).equals(origin)) {
            return Optional.empty();
        }
        return Optional.of(payload.substring(separator + 1));
    }
}
