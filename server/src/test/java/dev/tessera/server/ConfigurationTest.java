package dev.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tessera.auth.basic.BasicAuthenticatorFactory;
import dev.tessera.cube.duckdb.DuckDbEngineFactory;
import dev.tessera.cube.duckdb.EngineConfig;
import dev.tessera.cube.duckdb.TableConfig;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    void namedEnginesEachHaveATypeAndCubesNameTheirs() throws Exception {
        Path file = Files.createTempFile("tessera-engines", ".yml");
        Files.writeString(file, """
                auth:
                  backends: [ { type: basic } ]
                engines:
                  default: { type: duckdb, maxRows: 7 }
                  archive: { type: duckdb, database: ":memory:", threads: 1 }
                cubes:
                  - { name: a, fact: t, measures: [ { name: n, aggregation: count } ] }
                  - { name: b, fact: t, engine: archive, measures: [ { name: n, aggregation: count } ] }
                """);
        TesseraConfiguration config = load(file);
        assertThat(config.getEngines()).containsOnlyKeys("default", "archive");
        assertThat(((DuckDbEngineFactory) config.getEngines().get("default")).config().maxRows()).isEqualTo(7);
        assertThat(((DuckDbEngineFactory) config.getEngines().get("archive")).config().threads()).isEqualTo(1);
        assertThat(config.getCubes()).extracting(cube -> cube.engine()).containsExactly(null, "archive");
    }

    @Test
    void theTrinoExampleIsValidWithTheSampleOnDuckDbAndTpchOnTrino() throws Exception {
        TesseraConfiguration config = load(Path.of("../examples/trino.yml"));
        assertThat(config.getEngines()).containsOnlyKeys("default", "warehouse");
        assertThat(config.getEngines().get("warehouse").getClass().getSimpleName()).isEqualTo("TrinoEngineFactory");
        assertThat(config.getEngines().get("warehouse").toString()).contains("catalog tpch schema sf1")
                .doesNotContain("password", "PASSWORD");
        assertThat(config.getCubes()).extracting(cube -> cube.name() + "@" + cube.engine())
                .containsExactly("sales@default", "lineitem@warehouse");
    }

    @Test
    void theSingleEngineBlockIsTheDefaultDuckDb() throws Exception {
        Path file = Files.createTempFile("tessera-engine", ".yml");
        Files.writeString(file, "auth:\n  backends: [ { type: basic } ]\nengine:\n  maxRows: 9\n");
        TesseraConfiguration config = load(file);
        assertThat(config.getEngines()).containsOnlyKeys("default");
        assertThat(((DuckDbEngineFactory) config.getEngines().get("default")).config().maxRows()).isEqualTo(9);
    }

    @Test
    void aCubeOnAnEngineThatDoesNotExistIsRefusedNamingTheCubeAndTheEngines() throws Exception {
        Path file = Files.createTempFile("tessera-engines-bad", ".yml");
        Files.writeString(file, """
                auth:
                  backends: [ { type: basic } ]
                engines:
                  default: { type: duckdb }
                  lake: { type: duckdb }
                cubes:
                  - { name: orders, fact: t, engine: warehouse, measures: [ { name: n, aggregation: count } ] }
                """);
        assertThatThrownBy(() -> load(file)).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("cube 'orders': engine 'warehouse' does not exist; engines are: default, lake");
    }

    @Test
    void engineAndEnginesTogetherAreRefused() throws Exception {
        Path file = Files.createTempFile("tessera-engines-both", ".yml");
        Files.writeString(file, """
                auth:
                  backends: [ { type: basic } ]
                engine: { maxRows: 5 }
                engines:
                  default: { type: duckdb }
                """);
        assertThatThrownBy(() -> load(file)).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("engine: and engines: are both set; keep one");
        Files.writeString(file, "auth:\n  backends: [ { type: basic } ]\nengines:\n  default: { type: spark }\n");
        assertThatThrownBy(() -> load(file)).hasMessageContaining("spark");
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
    void valuesInsideNestedEngineObjectsAreCheckedByTheRealConfiguration() throws Exception {
        Path file = Files.createTempFile("tessera-bad", ".yml");
        Files.writeString(file, """
                auth:
                  backends: [ { type: basic } ]
                engine:
                  queryLimits: { maxFilterDepth: 0 }
                  tables:
                    - { name: "two words", source: data/sales.parquet }
                    - { name: products, source: data/products.xlsx }
                    - { name: hot, source: data/hot.csv, refresh: 100ms }
                """);
        assertThatThrownBy(() -> load(file)).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("engine.tables[2].refresh must be greater than")
                .hasMessageContaining("engine.queryLimits.maxFilterDepth")
                .hasMessageContaining("engine.tables[0].name must be a plain SQL name")
                .hasMessageContaining("source must end in .parquet or .csv");
    }

    @Test
    void everyNestedConfigObjectIsValidatedNotOnlyRead() {
        assertThat(ValidCascade.fieldsMissingValid(TesseraConfiguration.class)).isEmpty();
    }

    @Test
    void theCascadeCheckFindsAConfigObjectWithoutValid() {
        assertThat(ValidCascade.fieldsMissingValid(Unchecked.class)).containsExactly("Unchecked.engine", "Unchecked.tables");
    }

    /** What the check must catch: constraints inside {@code engine} and {@code tables} that would never run. */
    static final class Unchecked {
        @NotNull EngineConfig engine;
        List<TableConfig> tables;
        @Valid EngineConfig checked;
        List<@Valid TableConfig> checkedElements;
        List<String> names;
        Duration timeout;
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

    /** PyYAML, Ansible and older yq read the key 'on' as true and write it back so: the shipped file must survive. */
    @Test
    void theShippedConfigStillLoadsAfterAYaml11ToolRewritesIt() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python) && exitCode(python.toString(), "-c", "import yaml") == 0,
                "python3-yaml is not installed");
        Path rewritten = Files.createTempFile("tessera-pyyaml", ".yml");
        assertThat(exitCode(python.toString(), "-c", "import sys, yaml; "
                + "yaml.safe_dump(yaml.safe_load(open(sys.argv[1])), open(sys.argv[2], 'w'), sort_keys=False)",
                "../config.yml", rewritten.toString())).isZero();
        assertThat(Files.readString(rewritten)).contains("match:").doesNotContain("true:");
        TesseraConfiguration config = load(rewritten);
        assertThat(config.getCubes().get(0).joins()).extracting(join -> join.pairs())
                .contains(Map.of("product_id", "product_id"), Map.of("city_id", "city_id"));
    }

    @Test
    void joinPairsReadUnderMatchAndOnAndTheTrueOfAYaml11ToolIsRefusedNamingTheFix() throws Exception {
        Path file = Files.createTempFile("tessera-joins", ".yml");
        String config = """
                auth:
                  backends: [ { type: basic } ]
                cubes:
                  - name: sales
                    fact: sales
                    joins: [ { table: products, KEY: { product_id: id } } ]
                    measures: [ { name: n, aggregation: count } ]
                """;
        Files.writeString(file, config.replace("KEY", "match"));
        assertThat(load(file).getCubes().get(0).joins().get(0).pairs()).containsEntry("product_id", "id");
        Files.writeString(file, config.replace("KEY", "on"));
        assertThat(load(file).getCubes().get(0).joins().get(0).pairs()).containsEntry("product_id", "id");
        Files.writeString(file, config.replace("KEY", "true"));
        assertThatThrownBy(() -> load(file)).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("cube 'sales': join 'products': the key 'true' is 'on' as a YAML 1.1 tool")
                .hasMessageContaining("write 'match:' instead");
    }

    private static int exitCode(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int code = process.waitFor();
        if (code != 0) {
            System.err.println(String.join(" ", command) + ": " + output);
        }
        return code;
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
