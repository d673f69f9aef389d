package dev.tessera.server;

import static dev.tessera.server.testing.TestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every backend's cache is {@code cache: { ttl, maxSize }}; the old keys still work, with one warning line at start
 * naming the old key and the new one. Seen from outside: the cache meters on the admin port and the log file.
 */
class BackendCacheConfigIT {

    private static final String ADMIN = basic("admin", "admin-password-1");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dataDirectory = TesseraTestApp.newDataDirectory();
    private final Path logFile = dataDirectory.resolve("tessera.log");

    /** test-config.yml with the Basic entry given, logging to a file this test reads. */
    private DropwizardTestSupport<TesseraConfiguration> app(String basicEntry) throws Exception {
        Path config = dataDirectory.resolve("cache-config.yml");
        Files.writeString(config, Files.readString(Path.of(ResourceHelpers.resourceFilePath("test-config.yml")))
                .replace("    - type: basic\n", basicEntry)
                .replace("logging:\n  level: WARN\n", "logging:\n  level: WARN\n  appenders:\n    - type: file\n"
                        + "      currentLogFilename: " + logFile + "\n      archive: false\n"));
        return new DropwizardTestSupport<>(TesseraApplication.class, config.toString(),
                TesseraTestApp.storeIn(dataDirectory).toArray(ConfigOverride[]::new));
    }

    /** Signs in twice and answers the admin port's cache meters of the Basic backend (null when it has none). */
    private static JsonNode cacheHitsAfterTwoRequests(DropwizardTestSupport<TesseraConfiguration> app) throws Exception {
        TestClient client = new TestClient("http://localhost:" + app.getLocalPort());
        assertThat(client.get("/api/v1/whoami", "Authorization", ADMIN).statusCode()).isEqualTo(200);
        assertThat(client.get("/api/v1/whoami", "Authorization", ADMIN).statusCode()).isEqualTo(200);
        TestClient admin = new TestClient("http://localhost:" + app.getAdminPort());
        return JSON.readTree(admin.get("/metrics").body()).path("meters").get("tessera.auth.basic.cache.hits");
    }

    @Test
    void theBasicBackendTakesTheSharedCacheShape() throws Exception {
        DropwizardTestSupport<TesseraConfiguration> app = app("    - type: basic\n      cache: { ttl: 60s, maxSize: 100 }\n");
        app.before();
        try {
            assertThat(cacheHitsAfterTwoRequests(app).path("count").asLong()).isEqualTo(1);
            assertThat(Files.readString(logFile)).doesNotContain("deprecated");
        } finally {
            app.after();
        }
    }

    @Test
    void theOldKeysStillWorkAndAreNamedInOneWarning() throws Exception {
        DropwizardTestSupport<TesseraConfiguration> app = app("    - type: basic\n      cacheTtl: 0s\n");
        app.before();
        try {
            assertThat(cacheHitsAfterTwoRequests(app)).as("cacheTtl: 0s turns the cache off").isNull();
            assertThat(Files.readAllLines(logFile)).filteredOn(line -> line.contains("deprecated")).singleElement()
                    .asString().contains("WARN", "auth.backends 'basic': 'cacheTtl' is deprecated; write 'cache.ttl' instead");
        } finally {
            app.after();
        }
    }
}
