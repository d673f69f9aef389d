package dev.tessera.server;

import static dev.tessera.server.testing.TestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.server.testing.TesseraProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A newcomer's first start of the shipped config.yml ({@code scripts/start.sh}): the screen shows the server's own
 * lines and the first admin's password, not Liquibase's report or logback's status of its own jars, and the printed
 * password signs in.
 */
class FirstScreenIT {

    private static final Pattern PASSWORD = Pattern.compile("first admin created: username 'admin', password '([^']+)'");

    @Test
    void theFirstStartShowsThePasswordAndNoLibraryChatter() throws Exception {
        Path home = Files.createTempDirectory("tessera-first-start");
        TesseraProcess.Result sample = TesseraProcess.run(home, "", "sample", "--rows", "1000", "--out", "data/sample");
        assertThat(sample.exitCode()).as(sample.output()).isZero();
        Path config = home.resolve("config.yml");
        Files.writeString(config, shippedConfig());

        try (TesseraProcess server = TesseraProcess.server(home, config)) {
            String screen = server.output();
            assertThat(screen).doesNotContain("|-INFO in", "|-WARN in", "|-ERROR in", "Running Changeset",
                    "UPDATE SUMMARY", "Liquibase:");
            Matcher password = PASSWORD.matcher(screen);
            assertThat(password.find()).as(screen).isTrue();
            HttpResponse<String> whoami = server.client().get("/api/v1/whoami", "Authorization",
                    basic("admin", password.group(1)));
            assertThat(whoami.statusCode()).as(whoami.body()).isEqualTo(200);
        }
    }

    /**
     * The repository's config.yml on loopback ports chosen at bind time, with the lines that say which, and a
     * generated first admin password whatever the environment holds.
     */
    private static String shippedConfig() throws IOException {
        return Files.readString(Path.of("..", "config.yml"))
                .replace("port: ${TESSERA_PORT:-8080}", "port: 0\n      bindHost: 127.0.0.1")
                .replace("port: ${TESSERA_ADMIN_PORT:-8081}", "port: 0")
                .replace("${TESSERA_ADMIN_PASSWORD:-}", "")
                .replace("    org.eclipse.jetty: WARN\n",
                        "    org.eclipse.jetty: WARN\n    org.eclipse.jetty.server.AbstractConnector: INFO\n");
    }
}
