package dev.tessera.server.replicas;

import static org.assertj.core.api.Assertions.fail;

import dev.tessera.server.testing.TesseraProcess;
import dev.tessera.server.testing.TestClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Two Tessera replicas as JVMs of their own on fixed loopback ports (so they keep them across a restart), one
 * PostgreSQL store (a schema of its own in the test database), and nginx in front.
 *
 * <p>Nothing is shared with anything else on the machine, since a rolling restart is exactly when that would show:
 * the schema is this run's alone (another build running ReplicasIT at the same time once dropped and re-created a
 * shared one under a running cluster: 500s, then the load user unknown, refused and locked), and the replicas'
 * ports lie below the kernel's ephemeral range, so while a replica is down no other process binding port 0 (another
 * test's server) can be given its port and answer nginx in its place.
 */
final class ReplicaCluster implements AutoCloseable {

    /** This run's schema: a name no concurrent run (another worktree's build) uses. */
    static final String SCHEMA = "replicas_it_" + ProcessHandle.current().pid() + "_"
            + Long.toHexString(System.nanoTime() & 0xffffff);
    /** Below Linux's default ephemeral range (32768-60999), where port-0 binds never land. */
    private static final int FIRST_PORT = 20_000;
    private static final int LAST_PORT = 32_767;
    static final String URL = System.getenv().getOrDefault("TESSERA_TEST_POSTGRES_URL",
            "jdbc:postgresql://localhost:5432/tessera_test");

    private final Path root;
    private final int[] ports = new int[2];
    private final TesseraProcess[] replicas = new TesseraProcess[2];
    private final Nginx nginx;

    ReplicaCluster(Path root) throws Exception {
        this.root = root;
        emptySchema();
        int nginxPort = Nginx.freePort();
        for (int i = 0; i < 2; i++) {
            ports[i] = portOutsideEphemeralRange();
            writeConfig(i, nginxPort);
        }
        try {
            for (int i = 0; i < 2; i++) {
                start(i); // one after the other: the first migrates the store and makes the first admin
            }
            nginx = Nginx.start(root.resolve("nginx"), nginxPort, List.of(ports[0], ports[1]));
        } catch (Exception | Error e) {
            closeReplicas();
            throw e;
        }
    }

    TestClient viaNginx() {
        return new TestClient("http://127.0.0.1:" + nginx.port());
    }

    TestClient direct(int replica) {
        return replicas[replica].client();
    }

    /** "127.0.0.1:port" of a replica, as nginx's X-Tessera-Upstream names it. */
    String address(int replica) {
        return "127.0.0.1:" + ports[replica];
    }

    TesseraProcess replica(int replica) {
        return replicas[replica];
    }

    void start(int replica) {
        Path directory = root.resolve("replica-" + replica);
        replicas[replica] = TesseraProcess.server(directory, directory.resolve("config.yml"));
    }

    /** The directory a replica runs in, and its config as {@code config.yml} in it. */
    Path directory(int replica) {
        return root.resolve("replica-" + replica);
    }

    /** SIGTERM: graceful shutdown. */
    void stop(int replica) {
        replicas[replica].stop();
    }

    String nginxLog() {
        return nginx.log();
    }

    private void writeConfig(int replica, int nginxPort) throws IOException {
        Path directory = Files.createDirectories(root.resolve("replica-" + replica));
        String template;
        try (var in = ReplicaCluster.class.getResourceAsStream("/replicas-config.yml")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String config = template.replace("@PORT@", String.valueOf(ports[replica]))
                .replace("@DATA@", directory.resolve("data").toString())
                .replace("@DATABASE_URL@", URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA)
                .replace("@NGINX_PORT@", String.valueOf(nginxPort))
                .replace("@ORDERS_CSV@", Path.of("src/test/resources/cubes/orders.csv").toAbsolutePath().toString())
                .replace("@SPIN_CSV@", Path.of("src/test/resources/cubes/spin_a.csv").toAbsolutePath().toString());
        Files.writeString(directory.resolve("config.yml"), config);
    }

    /** A free loopback port no port-0 bind can be given, so a replica gets it back when it restarts. */
    private static int portOutsideEphemeralRange() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST_PORT, LAST_PORT + 1);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IOException("no free loopback port between " + FIRST_PORT + " and " + LAST_PORT);
    }

    private static void emptySchema() {
        try (Connection connection = DriverManager.getConnection(URL, "tessera", "tessera");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            statement.execute("CREATE SCHEMA " + SCHEMA);
        } catch (SQLException e) {
            fail("No PostgreSQL at " + URL + " (user tessera/tessera): run scripts/start-test-postgres.sh. " + e.getMessage());
        }
    }

    @Override
    public void close() {
        nginx.close();
        closeReplicas();
        dropSchema();
    }

    private static void dropSchema() {
        try (Connection connection = DriverManager.getConnection(URL, "tessera", "tessera");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        } catch (SQLException e) {
            System.err.println("ReplicasIT could not drop its schema " + SCHEMA + ": " + e.getMessage());
        }
    }

    private void closeReplicas() {
        for (TesseraProcess replica : replicas) {
            if (replica != null) {
                replica.close();
            }
        }
    }
}
