package dev.tessera.cube;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tessera.cube.duckdb.EngineConfig;
import dev.tessera.cube.model.CubeDefinition;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.validation.BaseValidator;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The engine: and cubes: parts of config.yml, read the way Dropwizard reads the server's configuration. */
public class TestConfig {
    @Valid
    @NotNull
    @JsonProperty
    public EngineConfig engine = EngineConfig.defaults();

    @Valid
    @JsonProperty
    public List<CubeDefinition> cubes = List.of();

    public static TestConfig parse(Path dir, String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "config", ".yml");
        Files.writeString(file, yaml);
        // DefaultConfigurationFactoryFactory is what Dropwizard's Bootstrap uses: it rejects unknown keys.
        return new DefaultConfigurationFactoryFactory<TestConfig>()
                .create(TestConfig.class, BaseValidator.newValidator(), Jackson.newObjectMapper(), "dw")
                .build(new FileConfigurationSourceProvider(), file.toString());
    }
}
