package dev.tessera.server.client;

import static dev.tessera.server.client.ClientTesting.password;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code java -jar tessera.jar query ...} as a user types it, against the running app: the built jar in its own
 * JVM (so its manifest, Add-Opens included, is what runs), the password from the environment.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class QueryCommandIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("cube-it-config.yml");
    static TestClient raw;

    record Run(int exitCode, String out, String err) {}

    @BeforeAll
    static void setUp() {
        raw = TesseraTestApp.client(APP);
        ClientTesting.createUser(raw, "ann", "ROLE_USER");
    }

    static Run query(Map<String, String> env, String... arguments) throws Exception {
        Path jar = Path.of("target", "tessera.jar");
        // A short-lived command: with the C1 compiler alone its JVM starts sooner (about a fifth off this test).
        assertThat(jar).as("the jar is built at package, before the ITs").exists();
        List<String> command = new ArrayList<>(List.of("java", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "query",
                "--url", raw.baseUrl()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("TESSERA_PASSWORD");
        builder.environment().putAll(env);
        Path err = Files.createTempFile("query-command", ".err");
        Process process = builder.redirectError(err.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out, Files.readString(err));
    }

    @Test
    void printsCsvJsonAndATable() throws Exception {
        Map<String, String> env = Map.of("TESSERA_PASSWORD", password("ann"));
        String[] query = {"--auth", "basic", "--user", "ann", "--cube", "orders", "--measures", "orders,revenue", "--levels",
            "geo.region"};

        Run csv = query(env, concat(query, "--format", "csv"));
        assertThat(csv.exitCode()).as(csv.err()).isZero();
        assertThat(csv.out().lines().toList()).hasSize(6).first().isEqualTo("geo.region,orders,revenue");
        assertThat(csv.out()).contains("North,9,686.53");

        Run json = query(env, concat(query, "--format", "json"));
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(ClientTesting.json(json.out()).path("rows")).hasSize(5);

        Run table = query(env, concat(query, "--format", "table"));
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).containsPattern("North\\s+9\\s+686.53").contains("(5 rows)");
    }

    @Test
    void saysWhatIsWrongInOneLineWithoutAStackTrace() throws Exception {
        Run noSecret = query(Map.of(), "--user", "ann", "--cube", "orders", "--measures", "orders");
        assertThat(noSecret.exitCode()).isNotZero();
        assertThat(noSecret.err()).contains("set TESSERA_PASSWORD").doesNotContain("\tat ");

        Run invalid = query(Map.of("TESSERA_PASSWORD", password("ann")), "--user", "ann", "--cube", "orders",
                "--measures", "orders", "--levels", "geo.nowhere");
        assertThat(invalid.exitCode()).isNotZero();
        assertThat(invalid.err()).contains("422", "/levels/0", "geo.nowhere").doesNotContain("\tat ");
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
