package dev.tessera.server.cubes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.cube.CubeService;
import dev.tessera.cube.engine.QueryEngine;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.config.CannotStartException;
import dev.tessera.server.testing.TrinoTestServer;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Start-up against a real Trino, as the server runs it: a cube naming a table or column Trino does not have stops
 * it, naming the cube, the name and what exists; a Trino that cannot be reached does not.
 */
class TrinoStartupIT {

    private static Map<String, QueryEngine> engines;

    @BeforeAll
    static void trino() {
        TrinoTestServer.assumeRunning();
        TrinoTestServer.load("orders", "products", "atoti", "grid");
    }

    private static CubeService start(String url, String cubes) throws Exception {
        Path file = Files.createTempFile("tessera-trino-startup", ".yml");
        Files.writeString(file, "auth:\n  backends: [ { type: basic } ]\nengines:\n  lake:\n"
                + TrinoTestServer.engineBlock(url, "memory", TrinoTestServer.SCHEMA, TrinoTestServer.PASSWORD)
                + "cubes:\n" + cubes);
        TesseraConfiguration config = new DefaultConfigurationFactoryFactory<TesseraConfiguration>()
                .create(TesseraConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw")
                .build(new FileConfigurationSourceProvider(), file.toString());
        engines = CubeEngines.build(config.getEngines());
        return CubeStartup.start(engines, config.getCubes());
    }

    @Test
    void aCubeOnATableOrColumnTrinoDoesNotHaveStopsStartUpSayingWhatExists() {
        assertThatThrownBy(() -> start(TrinoTestServer.URL, """
                  - { name: lost, fact: nosuch, measures: [ { name: n, aggregation: count } ] }
                  - { name: typo, fact: orders, measures: [ { name: q, aggregation: sum, column: orders.quantiti } ] }
                """)).isInstanceOf(CannotStartException.class)
                .hasMessageContaining("cube 'lost': fact table 'nosuch' is not loaded; tables are: atoti, grid, orders, products")
                .hasMessageContaining("cube 'typo': measure 'q': column 'quantiti' not found in orders; columns are: ")
                .hasMessageContaining("quantity");
    }

    @Test
    void aTrinoThatCannotBeReachedDelaysItsCubesInsteadOfStoppingStartUp() throws Exception {
        CubeService cubes = start("https://localhost:1",
                "  - { name: later, fact: orders, measures: [ { name: n, aggregation: count } ] }\n");
        try {
            assertThat(cubes.hasCube("later")).isTrue();
            assertThat(cubes.listCubes()).isEmpty();
        } finally {
            CubeEngines.stopAll(engines.values());
        }
    }
}
