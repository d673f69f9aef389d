package dev.tessera.server.cubes;

import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TrinoTestServer;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every test of {@link CubeTimeIT} with the cubes on a real Trino (the timeline loaded into its {@code memory}
 * catalog from the same CSV), run as the signed-in user: the same answers as the oracle DuckDB's.
 */
class TrinoCubeTimeIT extends CubeTimeIT {

    static final DropwizardAppExtension<TesseraConfiguration> TRINO = TrinoTestServer.app("cube-time-config.yml", "timeline");

    @BeforeAll
    static void setUp() {
        TrinoTestServer.assumeRunning();
        connect(TRINO);
    }
}
