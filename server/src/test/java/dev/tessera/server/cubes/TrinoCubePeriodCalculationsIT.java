package dev.tessera.server.cubes;

import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TrinoTestServer;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import org.junit.jupiter.api.BeforeAll;

/** Every test of {@link CubePeriodCalculationsIT} with the timeline on a real Trino: the same answers. */
class TrinoCubePeriodCalculationsIT extends CubePeriodCalculationsIT {

    static final DropwizardAppExtension<TesseraConfiguration> TRINO = TrinoTestServer.app("cube-time-config.yml", "timeline");

    @BeforeAll
    static void setUp() {
        TrinoTestServer.assumeRunning();
        connect(TRINO);
    }
}
