package dev.tessera.server.cubes;

import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TrinoTestServer;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every test of {@link CubeQueryIT} with the cubes on a real Trino (the tables loaded into its {@code memory}
 * catalog from the same CSV files), each query run as the signed-in user: the answers must equal the ones the
 * oracle DuckDB gives, as they must on the embedded engine. (The superclass's DuckDB app starts too, unused: the
 * test extension starts every app field it finds.)
 */
class TrinoCubeQueryIT extends CubeQueryIT {

    static final DropwizardAppExtension<TesseraConfiguration> TRINO =
            TrinoTestServer.app("cube-it-config.yml", "orders", "products", "atoti", "grid");

    @BeforeAll
    static void setUp() {
        TrinoTestServer.assumeRunning();
        connect(TRINO);
    }

    @Override
    String paging() {
        return "OFFSET ? LIMIT ?";
    }
}
