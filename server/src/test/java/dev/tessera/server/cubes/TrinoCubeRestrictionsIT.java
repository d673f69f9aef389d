package dev.tessera.server.cubes;

import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TrinoTestServer;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every test of {@link CubeRestrictionsIT} (Atoti's restriction example, all 16 role combinations) with the cubes
 * on a real Trino, each query run as the signed-in user. (The superclass's DuckDB app starts too, unused.)
 */
class TrinoCubeRestrictionsIT extends CubeRestrictionsIT {

    static final DropwizardAppExtension<TesseraConfiguration> TRINO =
            TrinoTestServer.app("cube-it-config.yml", "orders", "products", "atoti", "grid");

    @BeforeAll
    static void setUp() throws Exception {
        TrinoTestServer.assumeRunning();
        connect(TRINO);
    }
}
