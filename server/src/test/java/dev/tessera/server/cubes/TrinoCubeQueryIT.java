package dev.tessera.server.cubes;

import static dev.tessera.server.cubes.CubeTesting.json;
import static dev.tessera.server.cubes.CubeTesting.ok;
import static dev.tessera.server.cubes.CubeTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TestClient;
import dev.tessera.server.testing.TrinoTestServer;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

    /** Trino's data changes without Tessera knowing: its answers are neither cached nor revalidated by ETag. */
    @Test
    void answersFromTrinoAreNotKeptOrTagged() {
        String body = "{'measures':['revenue'],'levels':['geo.region']}";
        HttpResponse<String> first = query("orders", body);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.headers().firstValue("ETag")).isEmpty();
        assertThat(first.headers().allValues("Cache-Control")).containsExactly("no-store");
        TestClient adminPort = new TestClient("http://127.0.0.1:" + TRINO.getAdminPort());
        long misses = json(adminPort.get("/metrics")).path("gauges").path("tessera.resultCache.misses").path("value").asLong();
        assertThat(rows(ok(query("orders", body)))).isEqualTo(rows(ok(first)));
        assertThat(json(adminPort.get("/metrics")).path("gauges").path("tessera.resultCache.misses").path("value").asLong())
                .as("not counted: the cache was not asked").isEqualTo(misses);
    }
}
