package dev.tessera.server.ldap;

import dev.tessera.server.TesseraApplication;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The real application with {@code basic} (the admin) and an {@code ldap} backend named {@code corp}, from
 * {@code ldap-config.yml}. The config can only be written once the directory is up (it names the directory's
 * port), so the app is started here rather than by a static {@code DropwizardAppExtension}.
 */
final class LdapTessera implements AutoCloseable {

    static final String ADMIN = TestClient.basic("admin", "admin-password-1");

    private final DropwizardTestSupport<TesseraConfiguration> app;
    private final TestClient client;

    private LdapTessera(DropwizardTestSupport<TesseraConfiguration> app) {
        this.app = app;
        this.client = new TestClient("http://localhost:" + app.getLocalPort());
    }

    /** Starts the app with the {@code corp} backend trying {@code urls} in order. */
    static LdapTessera start(List<String> urls) throws Exception {
        Path dataDirectory = TesseraTestApp.newDataDirectory();
        String template = Files.readString(Path.of(ResourceHelpers.resourceFilePath("ldap-config.yml")));
        String yaml = template
                .replace("@DATA_DIRECTORY@", dataDirectory.toString())
                .replace("@URLS@", urls.stream().map(url -> "\"" + url + "\"")
                        .collect(Collectors.joining(", ", "[ ", " ]")));
        Path config = dataDirectory.resolve("ldap-config.yml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        DropwizardTestSupport<TesseraConfiguration> app = new DropwizardTestSupport<>(TesseraApplication.class,
                config.toString());
        app.before();
        return new LdapTessera(app);
    }

    TestClient client() {
        return client;
    }

    /** An admin call (Basic, bootstrap admin) that must answer 200. */
    String admin(String method, String path, String body) {
        HttpResponse<String> response = client.as(ADMIN, method, path, body);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    @Override
    public void close() throws IOException {
        app.after();
    }
}
