package dev.tessera.server.oidc;

import dev.tessera.server.TesseraApplication;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real application configured for a running {@code OidcProviderFixture}. The config names the provider's
 * issuer URLs, whose port is only known once the provider is up, so the YAML template is filled in and written
 * at test time and the app started here rather than by a static {@code DropwizardAppExtension}.
 */
final class OidcTessera implements AutoCloseable {

    static final String ADMIN = TestClient.basic("admin", "admin-password-1");

    private final DropwizardTestSupport<TesseraConfiguration> app;
    private final String baseUrl;

    private OidcTessera(DropwizardTestSupport<TesseraConfiguration> app) {
        this.app = app;
        this.baseUrl = "http://localhost:" + app.getLocalPort();
    }

    /** @param values template placeholder (without the {@code @}s) to value, e.g. {@code AUTH0_ISSUER} */
    static OidcTessera start(String template, Map<String, String> values) throws Exception {
        Path dataDirectory = TesseraTestApp.newDataDirectory();
        String yaml = Files.readString(Path.of(ResourceHelpers.resourceFilePath(template)))
                .replace("@DATA_DIRECTORY@", dataDirectory.toString());
        for (Map.Entry<String, String> value : values.entrySet()) {
            yaml = yaml.replace("@" + value.getKey() + "@", value.getValue());
        }
        if (yaml.matches("(?s).*@[A-Z0-9_]+@.*")) {
            throw new IllegalArgumentException(template + " still has a placeholder after filling in " + values.keySet());
        }
        Path config = dataDirectory.resolve(template);
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        DropwizardTestSupport<TesseraConfiguration> app = new DropwizardTestSupport<>(TesseraApplication.class,
                config.toString());
        app.before();
        return new OidcTessera(app);
    }

    String baseUrl() {
        return baseUrl;
    }

    TestClient client() {
        return new TestClient(baseUrl);
    }

    /** A fresh browser: its own cookies, redirects not followed. */
    Browser browser() {
        return new Browser(baseUrl);
    }

    @Override
    public void close() throws IOException {
        app.after();
    }
}
