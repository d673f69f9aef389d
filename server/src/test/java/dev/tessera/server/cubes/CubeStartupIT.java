package dev.tessera.server.cubes;

import static dev.tessera.server.testing.TestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.server.testing.TesseraProcess;
import io.dropwizard.testing.ResourceHelpers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a person sees when the server starts: cubes compiled once, and a missing table file told in one line. */
class CubeStartupIT {

    private static final Pattern CUBES_READY = Pattern.compile("Cubes ready: catalog");

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

    private static int count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
