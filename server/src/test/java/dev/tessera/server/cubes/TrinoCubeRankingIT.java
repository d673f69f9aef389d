package dev.tessera.server.cubes;

import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TrinoTestServer;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every test of {@link CubeRankingIT} with the cubes on a real Trino: ranks, tops and shares must equal the ones the
 * oracle DuckDB gives, as they must on the embedded engine. (The superclass's DuckDB app starts too, unused.)
 */
class TrinoCubeRankingIT extends CubeRankingIT {

    static final DropwizardAppExtension<TesseraConfiguration> TRINO =
            TrinoTestServer.app("cube-it-config.yml", "orders", "products", "atoti", "grid");

    @BeforeAll
    static void setUp() {
        TrinoTestServer.assumeRunning();
        connect(TRINO);
    }
}
