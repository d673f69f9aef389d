package dev.tessera.server.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.client.QueryAnswer;
import dev.tessera.client.Row;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a README recipe from {@code clients/python/} with Debian's {@code /usr/bin/python3} (python3-requests,
 * python3-requests-kerberos, python3-pandas from scripts/test-setup.sh) and checks what it printed.
 */
final class PythonRecipes {

    private PythonRecipes() {}

    /** The recipe's standard output; it must exit 0. */
    static String run(String recipe, Map<String, String> env) throws Exception {
        Path script = Path.of("..", "clients", "python", recipe).toAbsolutePath().normalize();
        assertThat(script).exists();
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", script.toString());
        builder.environment().putAll(env);
        Path err = Files.createTempFile("recipe", ".err");
        Process python = builder.redirectError(err.toFile()).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(recipe + ":\n" + Files.readString(err) + out).isZero();
        return out;
    }

    /** The recipe printed one line per row of {@code answer} (plus {@code extraLines}), naming every first-column member. */
    static void printedEveryRow(String out, QueryAnswer answer, int extraLines) {
        List<String> lines = out.lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).hasSize(answer.rows().size() + extraLines);
        for (Row row : answer.rows()) {
            assertThat(out).contains(String.valueOf(row.get(0)));
        }
    }
}
