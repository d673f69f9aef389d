package dev.tessera.server.client;

import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TrinoTestServer;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every test of {@link ArrowAnswersIT} with the cubes on a real Trino: the Arrow stream is built from the rows there
 * (no Arrow export, no result cache), and must be the same table. (The superclass's DuckDB app starts too, unused.)
 */
class TrinoArrowAnswersIT extends ArrowAnswersIT {

    static final DropwizardAppExtension<TesseraConfiguration> TRINO =
            TrinoTestServer.app("cube-it-config.yml", "orders", "products", "atoti", "grid");

    @BeforeAll
    static void setUp() {
        TrinoTestServer.assumeRunning();
        connect(TRINO);
    }

    @Override
    boolean exportsArrow() {
        return false;
    }
}
