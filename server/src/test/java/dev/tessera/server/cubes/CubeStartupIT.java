package dev.tessera.server.cubes;

import static dev.tessera.server.testing.TestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.server.testing.TesseraProcess;
import io.dropwizard.testing.ResourceHelpers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a person sees when the server starts: cubes compiled once, and a missing table file told in one line. */
class CubeStartupIT {

    private static final Pattern CUBES_READY = Pattern.compile("Cubes ready: catalog");
    /** Dropwizard's console format: level, then the time in brackets. */
    private static final Pattern LOG_LINE = Pattern.compile("(TRACE|DEBUG|INFO|WARN|ERROR) +\\[");

    @TempDir
    Path workingDirectory;

    private Path config(String tableSource) throws Exception {
        Path config = workingDirectory.resolve("config.yml");
        Files.writeString(config, Files.readString(Path.of(ResourceHelpers.resourceFilePath("cube-startup-config.yml")))
                .replace("TABLE_SOURCE", tableSource));
        return config;
    }

    @Test
    void cubesCompileOnceAtStart() throws Exception {
        Path products = Path.of("src/test/resources/cubes/products.csv").toAbsolutePath();
        try (TesseraProcess server = TesseraProcess.server(workingDirectory, config(products.toString()))) {
            assertThat(server.client().get("/api/v1/cubes/catalog", "Authorization", basic("admin", "admin-password-1"))
                    .body()).contains("\"initial\"");
            assertThat(count(CUBES_READY, server.output())).as(server.output()).isEqualTo(1);
        }
    }

    @Test
    void aMissingSampleIsOneLineSayingHowToMakeItAndNothingElseStarts() throws Exception {
        TesseraProcess.Result result = TesseraProcess.run(workingDirectory, "", "server",
                config("data/sample/products.parquet").toString());
        String expected = "Tessera cannot start: table 'products' reads data/sample/products.parquet, which does not exist "
                + "(looked for " + workingDirectory.toRealPath().resolve("data/sample/products.parquet") + "). It is the "
                + "sample data: create it with: java -jar server/target/tessera.jar sample --rows 1000000 --out data/sample "
                + "(or run scripts/start.sh, which also starts the server).";
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        // What a person reads first: the message, not under a stack trace; only log lines (if any) come before it.
        List<String> notLogged = result.output().lines().filter(line -> !LOG_LINE.matcher(line).lookingAt()).toList();
        assertThat(notLogged).as(result.output()).containsExactly(expected);
        assertThat(result.output()).doesNotContain("Exception").doesNotContain("\tat ");
        // The engine goes first: no role store was created, no first admin, no identity provider was asked.
        assertThat(workingDirectory.resolve("data/tessera.mv.db")).doesNotExist();
    }

    private static int count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
