package dev.tessera.server.cubes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.server.testing.TesseraProcess;
import dev.tessera.server.testing.TrinoTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check config.yml} in its own JVM against the real Trino: a cube on a table or column Trino does not have
 * fails it with start-up's lines; a Trino that cannot be reached is said plainly and does not fail it.
 */
class TrinoCheckIT {

    @TempDir
    static Path workingDirectory;

    @BeforeAll
    static void trino() {
        TrinoTestServer.assumeRunning();
        TrinoTestServer.load("orders", "products", "atoti", "grid");
    }

    private static TesseraProcess.Result check(String url, String cubes) throws Exception {
        Path file = Files.createTempFile(workingDirectory, "check", ".yml");
        Files.writeString(file, "auth:\n  backends: [ { type: basic } ]\nengines:\n  lake:\n"
                + TrinoTestServer.engineBlock(url, "memory", TrinoTestServer.SCHEMA, TrinoTestServer.PASSWORD)
                + "cubes:\n" + cubes);
        return TesseraProcess.run(workingDirectory, "", "check", file.toString());
    }

    @Test
    void aCubeOnATableOrColumnTrinoDoesNotHaveFailsTheCheckSayingWhatExists() throws Exception {
        TesseraProcess.Result result = check(TrinoTestServer.URL, """
                  - { name: fine, fact: orders, measures: [ { name: n, aggregation: count } ] }
                  - { name: lost, fact: nosuch, measures: [ { name: n, aggregation: count } ] }
                  - { name: typo, fact: orders, measures: [ { name: q, aggregation: sum, column: orders.quantiti } ] }
                """);
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("has cubes that do not fit their engine")
                .contains("cube 'lost': fact table 'nosuch' is not loaded; tables are: atoti, grid, orders, products")
                .contains("cube 'typo': measure 'q': column 'quantiti' not found in orders; columns are: ")
                .contains("quantity").doesNotContain("cube 'fine'").doesNotContain("Configuration is OK")
                .doesNotContain("\tat ");
    }

    @Test
    void cubesThatFitTrinosTablesPassTheCheck() throws Exception {
        TesseraProcess.Result result = check(TrinoTestServer.URL,
                "  - { name: fine, fact: orders, measures: [ { name: q, aggregation: sum, column: orders.quantity } ] }\n");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Configuration is OK").doesNotContain("Not checked");
    }

    @Test
    void aTrinoThatCannotBeReachedIsSaidPlainlyAndDoesNotFailTheCheck() throws Exception {
        TesseraProcess.Result result = check("https://localhost:1",
                "  - { name: later, fact: nosuch, measures: [ { name: n, aggregation: count } ] }\n");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("Not checked: engine 'lake' could not be reached, so its cubes [later] were not checked "
                        + "against its tables: ")
                .contains("Configuration is OK").doesNotContain("\tat ");
    }
}
