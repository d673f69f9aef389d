package dev.tessera.server.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README quotes every Python recipe exactly as the file the ITs run, so what readers copy is what was tested. */
class ReadmeRecipesTest {

    @Test
    void everyRecipeFileIsQuotedVerbatimInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<Path> recipes;
        try (Stream<Path> files = Files.list(Path.of("..", "clients", "python"))) {
            recipes = files.filter(f -> f.toString().endsWith(".py")).sorted().toList();
        }
        assertThat(recipes).hasSize(5);
        for (Path recipe : recipes) {
            assertThat(readme).as(recipe.getFileName().toString()).contains("```python\n" + Files.readString(recipe) + "```");
        }
    }
}
