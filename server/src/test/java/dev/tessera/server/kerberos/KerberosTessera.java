package dev.tessera.server.kerberos;

import dev.tessera.auth.kerberos.testing.KdcFixture;
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

/**
 * The real application with {@code basic} (the admin) and {@code kerberos} backends, configured for a running
 * {@link KdcFixture}. The config can only be written once the KDC is up (it names the KDC's keytab and
 * krb5.conf), so the app is started here rather than by a static {@code DropwizardAppExtension}.
 */
final class KerberosTessera implements AutoCloseable {

    static final String ADMIN = TestClient.basic("admin", "admin-password-1");

    private final DropwizardTestSupport<TesseraConfiguration> app;
    private final TestClient client;

    private KerberosTessera(DropwizardTestSupport<TesseraConfiguration> app) {
        this.app = app;
        this.client = new TestClient("http://" + KdcFixture.SERVICE_HOST + ":" + app.getLocalPort());
    }

    static KerberosTessera start(KdcFixture kdc) throws Exception {
        Path dataDirectory = TesseraTestApp.newDataDirectory();
        Path config = writeConfig(kdc, dataDirectory);
        DropwizardTestSupport<TesseraConfiguration> app = new DropwizardTestSupport<>(TesseraApplication.class,
                config.toString());
        app.before();
        return new KerberosTessera(app);
    }

    /** {@code kerberos-config.yml} with the KDC's service principal, keytab and krb5.conf filled in. */
    static Path writeConfig(KdcFixture kdc, Path dataDirectory) throws IOException {
        String template = Files.readString(Path.of(ResourceHelpers.resourceFilePath("kerberos-config.yml")));
        String yaml = template
                .replace("@DATA_DIRECTORY@", dataDirectory.toString())
                .replace("@SERVICE_PRINCIPAL@", kdc.servicePrincipal())
                .replace("@KEYTAB@", kdc.keytab().toString())
                .replace("@KRB5_CONF@", kdc.krb5Conf().toString());
        Path config = dataDirectory.resolve("kerberos-config.yml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        return config;
    }

    /** A client for {@code http://localhost:PORT}: the SPN is built from the URL's host. */
    TestClient client() {
        return client;
    }

    /** Grants one role as the bootstrap admin (Basic), as {@code roles grant} would. */
    void grant(String username, String role) {
        HttpResponse<String> response = client.as(ADMIN, "PUT", "/api/v1/admin/users/" + username + "/roles/" + role, null);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("granting " + role + " to " + username + " answered "
                    + response.statusCode() + ": " + response.body());
        }
    }

    @Override
    public void close() {
        app.after();
    }
}
