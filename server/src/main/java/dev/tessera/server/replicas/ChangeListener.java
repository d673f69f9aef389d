package dev.tessera.server.replicas;

import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.lifecycle.Managed;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one connection of its own to the shared PostgreSQL store, {@code LISTEN}s for the changes other replicas
 * commit, and hands each to this server's caches, so a revoke on one replica takes effect on all within
 * milliseconds. A lost connection is retried with backoff; meanwhile the caches' TTL bounds staleness, and the
 * health check says the server is degraded. After a reconnect everything is dropped once: what was missed is unknown.
 */
public final class ChangeListener implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);
    private static final int POLL_MILLIS = 250;
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Where the listener stands, for the health check. */
    public record State(boolean listening, Instant since, String problem) {}

    private final DataSourceFactory database;
    private final ChangeNotifications notifications;
    /** Gets the username a change concerned, or null for a change concerning everyone. */
    private final Consumer<String> announce;
    private volatile State state = new State(false, Instant.now(), "not started yet");
    private volatile boolean running;
    private volatile Connection connection;
    private Thread thread;

    public ChangeListener(DataSourceFactory database, ChangeNotifications notifications, Consumer<String> announce) {
        this.database = database;
        this.notifications = notifications;
        this.announce = announce;
    }

    public State state() {
        return state;
    }

    @Override
    public void start() throws InterruptedException {
        running = true;
        thread = new Thread(this::listenUntilStopped, "tessera-change-listener");
        thread.setDaemon(true);
        thread.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!state.listening() && System.nanoTime() < deadline) {
            Thread.sleep(20); // serve once listening; a store that is down degrades the server, it does not stop it
        }
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        closeQuietly(connection);
        thread.interrupt();
        thread.join(Duration.ofSeconds(5).toMillis());
    }

    private void listenUntilStopped() {
        Duration backoff = Duration.ofMillis(250);
        boolean reconnecting = false;
        while (running) {
            try (Connection listening = connect()) {
                connection = listening;
                if (reconnecting) {
                    announce.accept(null); // changes made while deaf are unknown: drop every cached entry
                }
                state = new State(true, Instant.now(), "");
                backoff = Duration.ofMillis(250);
                receive(listening);
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                reconnecting = true;
                LOG.warn("Lost the role store's change notifications ({}); caches fall back to their TTL; retrying in {} ms",
                        e.getMessage(), backoff.toMillis());
                state = new State(false, state.listening() ? Instant.now() : state.since(), String.valueOf(e.getMessage()));
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.putAll(database.getProperties());
        properties.setProperty("user", database.getUser());
        if (database.getPassword() != null) {
            properties.setProperty("password", database.getPassword());
        }
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("socketTimeout", "15"); // a heartbeat that hangs this long means the link is gone
        properties.setProperty("ApplicationName", "tessera change listener");
        Connection opened = DriverManager.getConnection(database.getUrl(), properties);
        try (Statement statement = opened.createStatement()) {
            statement.execute("LISTEN " + ChangeNotifications.CHANNEL);
        }
        return opened;
    }

    private void receive(Connection listening) throws SQLException {
        PGConnection pg = listening.unwrap(PGConnection.class);
        long nextHeartbeat = System.nanoTime() + HEARTBEAT.toNanos();
        while (running) {
            PGNotification[] received = pg.getNotifications(POLL_MILLIS);
            if (received != null) {
                for (PGNotification notification : received) {
                    notifications.foreignChange(notification.getParameter())
                            .ifPresent(username -> announce.accept(username.isEmpty() ? null : username));
                }
            }
            if (System.nanoTime() > nextHeartbeat) {
                try (Statement statement = listening.createStatement()) {
                    statement.execute("SELECT 1"); // a silently dropped link shows up here, not in the poll
                }
                nextHeartbeat = System.nanoTime() + HEARTBEAT.toNanos();
            }
        }
    }

    private static void closeQuietly(Connection open) {
        if (open != null) {
            try {
                open.close();
            } catch (SQLException e) {
                LOG.debug("Closing the change listener's connection", e);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
