package dev.tessera.server;

import static dev.tessera.server.testing.TestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.server.testing.TesseraProcess;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The done-when of the foundation: the first admin creates bob, bob is refused until granted ROLE_USER, the grant
 * survives a restart; and the CLI grants on the same store while the server is stopped, and says on one line to
 * stop it or use the admin API while it runs (the embedded store opens no port for a second process).
 */
class PersistenceAndCliIT {

    private final Path dataDirectory = TesseraTestApp.newDataDirectory();

    private DropwizardTestSupport<TesseraConfiguration> app() {
        return new DropwizardTestSupport<>(TesseraApplication.class, ResourceHelpers.resourceFilePath("test-config.yml"),
                TesseraTestApp.storeIn(dataDirectory).toArray(ConfigOverride[]::new));
    }

    @Test
    void aGrantSurvivesARestart() throws Exception {
        DropwizardTestSupport<TesseraConfiguration> first = app();
        first.before();
        try {
            TestClient client = new TestClient("http://localhost:" + first.getLocalPort());
            String admin = basic("admin", "admin-password-1");
            assertThat(client.as(admin, "POST", "/api/v1/admin/basic-users",
                    "{\"username\":\"bob\",\"password\":\"bob-password-1\"}").statusCode()).isEqualTo(201);
            assertThat(client.get("/api/v1/cubes", "Authorization", basic("bob", "bob-password-1")).statusCode()).isEqualTo(403);
            assertThat(client.as(admin, "PUT", "/api/v1/admin/users/bob/roles/ROLE_USER", null).statusCode()).isEqualTo(200);
            assertThat(client.get("/api/v1/cubes", "Authorization", basic("bob", "bob-password-1")).statusCode()).isEqualTo(200);
        } finally {
            first.after();
        }
        DropwizardTestSupport<TesseraConfiguration> second = app();
        second.before();
        try {
            TestClient client = new TestClient("http://localhost:" + second.getLocalPort());
            assertThat(client.get("/api/v1/whoami", "Authorization", basic("bob", "bob-password-1")).body()).contains("ROLE_USER");
            assertThat(client.get("/api/v1/cubes", "Authorization", basic("bob", "bob-password-1")).statusCode()).isEqualTo(200);
        } finally {
            second.after();
        }
    }

    /** The server's config, for the CLI: the same store file, the same data directory; {@code backend} replaces basic. */
    private Path cliConfig(String backend) throws Exception {
        Path config = dataDirectory.resolve("cli-config.yml");
        Files.writeString(config, Files.readString(Path.of(ResourceHelpers.resourceFilePath("test-config.yml")))
                .replace("jdbc:h2:mem:placeholder", "jdbc:h2:file:" + dataDirectory.resolve("store"))
                .replace("- type: basic", "- type: " + backend)
                .replace("src/test/resources/", Path.of("src/test/resources").toAbsolutePath() + "/")
                + "dataDirectory: " + dataDirectory + "\n");
        return config;
    }

    @Test
    void theCliCreatesUsersAndGrantsRolesOnTheSameStore() throws Exception {
        Path config = cliConfig("basic");
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("alice-password-1\n".getBytes(StandardCharsets.UTF_8)));
            new TesseraApplication().run("users", "add", "alice", "-c", config.toString());
        } finally {
            System.setIn(stdin);
        }
        new TesseraApplication().run("roles", "grant", "alice", "ROLE_USER", "ROLE_ANALYST", "-c", config.toString());
        new TesseraApplication().run("roles", "revoke", "alice", "ROLE_ANALYST", "-c", config.toString());

        DropwizardTestSupport<TesseraConfiguration> server = app();
        server.before();
        try {
            TestClient client = new TestClient("http://localhost:" + server.getLocalPort());
            String whoami = client.get("/api/v1/whoami", "Authorization", basic("alice", "alice-password-1")).body();
            assertThat(whoami).contains("\"roles\":[\"ROLE_USER\"]");
            String audit = client.get("/api/v1/admin/audit?action=user.roles.grant", "Authorization",
                    basic("admin", "admin-password-1")).body();
            assertThat(audit).contains("cli:");
        } finally {
            server.after();
        }
    }

    @Test
    void whileTheServerRunsTheCliSaysSoOnOneLineAndWorksOnceItIsStopped() throws Exception {
        Path config = cliConfig("basic");
        DropwizardTestSupport<TesseraConfiguration> server = app();
        server.before();
        try {
            // Another JVM, as a person at a shell would run it: the running server holds the store's file lock.
            TesseraProcess.Result refused = TesseraProcess.run(dataDirectory, "",
                    "roles", "grant", "carol", "ROLE_USER", "-c", config.toString());
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.output().strip()).doesNotContain("\n").doesNotContain("Exception")
                    .startsWith("The server holds the embedded role store " + dataDirectory.resolve("store") + ".mv.db")
                    .contains("stop it, or use the admin API: PUT /api/v1/admin/users/carol/roles/ROLE_USER");
            TesseraProcess.Result list = TesseraProcess.run(dataDirectory, "", "roles", "list", "-c", config.toString());
            assertThat(list.output().strip()).doesNotContain("\n").endsWith("use the admin API: GET /api/v1/admin/users");
        } finally {
            server.after();
        }
        TesseraProcess.Result granted = TesseraProcess.run(dataDirectory, "",
                "roles", "grant", "carol", "ROLE_USER", "-c", config.toString());
        assertThat(granted.exitCode()).as(granted.output()).isZero();
        assertThat(granted.output()).contains("Granted ROLE_USER to carol");

        DropwizardTestSupport<TesseraConfiguration> restarted = app();
        restarted.before();
        try {
            TestClient client = new TestClient("http://localhost:" + restarted.getLocalPort());
            assertThat(client.as(basic("admin", "admin-password-1"), "GET", "/api/v1/admin/users/carol/roles", null).body())
                    .isEqualTo("[\"ROLE_USER\"]");
        } finally {
            restarted.after();
        }
    }

    /**
     * Local users belong to a backend that keeps them; without one, the CLI says what to add instead of storing a user
     * nobody could sign in as.
     */
    @Test
    void theCliRefusesLocalUsersWhenNoBackendKeepsThem() throws Exception {
        Path config = cliConfig("header");
        List<Throwable> fatal = new ArrayList<>();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        InputStream stdin = System.in;
        PrintStream stderr = System.err;
        try {
            System.setIn(new ByteArrayInputStream("alice-password-1\n".getBytes(StandardCharsets.UTF_8)));
            System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
            new TesseraApplication() {
                @Override
                protected void onFatalError(Throwable t) {
                    fatal.add(t);
                }
            }.run("users", "add", "alice", "-c", config.toString());
        } finally {
            System.setIn(stdin);
            System.setErr(stderr);
        }
        assertThat(fatal).hasSize(1);
        assertThat(errors.toString(StandardCharsets.UTF_8)).contains("No backend in auth.backends keeps local users")
                .contains("type: basic");
    }
}
