package dev.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.auth.basic.BasicAuthenticatorFactory;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** config.yml as `check config.yml` and start-up read it: the shipped one is valid, bad ones say what is wrong. */
class ConfigurationTest {

    private static TesseraConfiguration load(Path file) throws Exception {
        // The factory the application itself uses: strict about unknown keys.
        return new DefaultConfigurationFactoryFactory<TesseraConfiguration>()
                .create(TesseraConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw")
                .build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                        new EnvironmentVariableSubstitutor(false)), file.toString());
    }

    @Test
    void theShippedConfigIsValidAsItIs() throws Exception {
        TesseraConfiguration config = load(Path.of("../config.yml"));
        assertThat(config.getAuth().getBackends()).singleElement().isInstanceOf(BasicAuthenticatorFactory.class);
        assertThat(config.getCubes()).extracting(cube -> cube.name()).containsExactly("sales");
        assertThat(config.getEngine().tables()).hasSize(4);
        assertThat(config.getMaxRequestBodySize().toBytes()).isEqualTo(1L << 20);
        assertThat(config.getEngine().queryLimits().maxValuesPerFilter()).isEqualTo(10_000);
        assertThat(config.getDatabase().getUrl()).isEqualTo("jdbc:h2:file:./data/tessera;WRITE_DELAY=0");
    }

    @Test
    void withoutADatabaseKeyTheStoreIsTheEmbeddedFileDurableAndWithNoPort() throws Exception {
        Path file = Files.createTempFile("tessera-default", ".yml");
        Files.writeString(file, "auth:\n  backends: [ { type: basic } ]\n");
        assertThat(load(file).getDatabase().getUrl()).isEqualTo("jdbc:h2:file:./data/tessera;WRITE_DELAY=0");
    }

    @Test
    void anEmbeddedStoreThatWouldOpenAPortIsRefusedNamingTheSetting() throws Exception {
        Path file = Files.createTempFile("tessera-listening", ".yml");
        Files.writeString(file, """
                auth:
                  backends: [ { type: basic } ]
                database:
                  driverClass: org.h2.Driver
                  url: jdbc:h2:file:./data/tessera;AUTO_SERVER=TRUE
                  user: tessera
                """);
        assertThatThrownBy(() -> load(file)).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("database asks H2 for AUTO_SERVER=TRUE, which makes the embedded role store listen")
                .hasMessageContaining("use the admin API");
    }

    @Test
    void badLimitsAreRefusedNamingTheKey() throws Exception {
        Path file = Files.createTempFile("tessera-bad", ".yml");
        Files.writeString(file, "auth:\n  backends: [ { type: basic } ]\nengine:\n  maxRows: 0\n");
        assertThatThrownBy(() -> load(file)).hasMessageContaining("engine.maxRows");
        Files.writeString(file, "auth:\n  backends: [ { type: basic } ]\nengine:\n  queryLimits: { maxConditions: 0 }\n");
        assertThatThrownBy(() -> load(file)).hasMessageContaining("maxConditions");
        Files.writeString(file, """
                auth:
                  backends: [ { type: basic } ]
                engine:
                  maxConcurrentQueries: 2
                  maxRunningQueriesPerUser: 3
                """);
        assertThatThrownBy(() -> load(file)).hasMessageContaining("maxRunningQueriesPerUser must not exceed");
        Files.writeString(file, "auth:\n  backends: [ { type: basic } ]\nmaxRequestBodySize: 100B\n");
        assertThatThrownBy(() -> load(file)).hasMessageContaining("maxRequestBodySize");
    }

    @Test
    void aBadCubeFailsTheCheckNamingTheCubeAndTheProblem() throws Exception {
        Path file = Files.createTempFile("tessera-bad", ".yml");
        Files.writeString(file, """
                auth:
                  backends: [ { type: basic } ]
                cubes:
                  - name: sales
                    fact: sales
                    dimensions:
                      - name: geo
                        hierarchies: [ { name: geo, levels: [ { name: country, column: country } ] } ]
                    measures:
                      - { name: revenue, aggregation: sum, column: amount }
                      - { name: margin, formula: "revenue / nosuchmeasure" }
                """);
        assertThatThrownBy(() -> load(file)).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("sales").hasMessageContaining("nosuchmeasure");
    }

    @Test
    void anUnknownBackendTypeOrKeyIsRefused() throws Exception {
        Path file = Files.createTempFile("tessera-bad", ".yml");
        Files.writeString(file, "auth:\n  backends: [ { type: saml } ]\n");
        assertThatThrownBy(() -> load(file)).hasMessageContaining("saml");
        Files.writeString(file, "auth:\n  backends: [ { type: basic, bogusKey: 5s } ]\n");
        assertThatThrownBy(() -> load(file)).hasMessageContaining("bogusKey");
        Files.writeString(file, "auth:\n  backends: []\n");
        assertThatThrownBy(() -> load(file)).hasMessageContaining("at least one backend");
    }
}
