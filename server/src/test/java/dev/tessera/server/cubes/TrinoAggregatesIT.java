package dev.tessera.server.cubes;

import static dev.tessera.server.cubes.CubeTesting.ADMIN;
import static dev.tessera.server.cubes.CubeTesting.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TestClient;
import dev.tessera.server.testing.TrinoTestServer;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link AggregatesIT} with the facts on a real Trino: the aggregates are copied from Trino's answer
 * into the embedded DuckDB at start, and every covered query answered from that copy must equal Trino's own answer
 * over the facts (cube {@code plain}). (The superclass's DuckDB app starts too, unused.)
 */
class TrinoAggregatesIT extends AggregatesIT {

    static final DropwizardAppExtension<TesseraConfiguration> TRINO =
            TrinoTestServer.app("aggregates-it-config.yml", "orders", "products");

    @BeforeAll
    static void setUp() {
        TrinoTestServer.assumeRunning();
        connect(TRINO);
    }

    @Override
    TestClient adminPort() {
        return new TestClient("http://127.0.0.1:" + TRINO.getAdminPort());
    }

    /**
     * Trino's data changes without Tessera knowing, and the shared Trino's tables are not the test's to change: what
     * holds is that the copy was made at start, from Trino, and is what answers (the other tests compare answers).
     */
    @Override
    @Test
    void aReloadRebuildsTheAggregatesBeforeItIsAcknowledged() {
        JsonNode list = ok(client.as(ADMIN, "GET", "/api/v1/admin/aggregates", null));
        assertThat(list).hasSize(4);
        list.forEach(aggregate -> {
            assertThat(aggregate.path("built").asBoolean()).as(aggregate.toString()).isTrue();
            assertThat(aggregate.path("lastBuild").path("rows").asLong()).isPositive();
        });
    }
}
