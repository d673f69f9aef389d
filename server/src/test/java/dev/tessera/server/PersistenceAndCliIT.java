package dev.tessera.server;

import static dev.tessera.server.testing.TestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

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
 * survives a restart; and the CLI grants on the same store while no one can log in.
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

    private Path cliConfig(String backend) throws Exception {
        Path config = dataDirectory.resolve("cli-config.yml");
        Files.writeString(config, Files.readString(Path.of(ResourceHelpers.resourceFilePath("test-config.yml")))
                .replace("jdbc:h2:mem:placeholder", "jdbc:h2:file:" + dataDirectory.resolve("store") + ";AUTO_SERVER=TRUE")
                .replace("- type: basic", "- type: " + backend)
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
