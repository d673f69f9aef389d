package dev.tessera.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.auth.kerberos.testing.KdcFixture;
import dev.tessera.auth.kerberos.testing.MitTools;
import dev.tessera.client.CubeQuery;
import dev.tessera.client.CubeSummary;
import dev.tessera.client.TesseraClient;
import dev.tessera.client.auth.KerberosAuth;
import dev.tessera.server.testing.TestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java client with Kerberos from a ticket cache that MIT {@code kinit} wrote against Kerby's KDC, as a user on
 * the domain would: no password in the program, the SPN {@code HTTP@localhost} from the URL.
 */
class ClientKerberosIT {

    private static KdcFixture kdc;
    private static BackendApp app;

    @BeforeAll
    static void start() throws Exception {
        MitTools.requireInstalled();
        kdc = KdcFixture.start();
        app = BackendApp.start("kerberos-config.yml", Map.of("SERVICE_PRINCIPAL", kdc.servicePrincipal(),
                "KEYTAB", kdc.keytab().toString(), "KRB5_CONF", kdc.krb5Conf().toString()));
        kdc.useForThisJvm();
        HttpResponse<String> granted = new TestClient(app.baseUrl().replaceAll("/$", "")).as(ClientTesting.ADMIN, "PUT",
                "/api/v1/admin/users/alice/roles/ROLE_USER", null);
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (kdc != null) {
            kdc.close();
        }
    }

    @Test
    void aKinitTicketCacheListsCubesAndRunsQueries(@TempDir Path tmp) throws Exception {
        Path ccache = tmp.resolve("alice-ccache");
        MitTools.kinit(kdc, KdcFixture.ALICE, ccache);
        TesseraClient alice = TesseraClient.builder(URI.create(app.baseUrl())).auth(KerberosAuth.fromTicketCache(ccache)).build();

        assertThat(alice.listCubes()).extracting(CubeSummary::name).contains("orders");
        assertThat(alice.query("orders", CubeQuery.of(List.of("orders"), List.of("geo.region"))).rows()).hasSize(5);
    }

    @Test
    void anEmptyTicketCacheSaysToRunKinit(@TempDir Path tmp) {
        assertThatThrownBy(() -> KerberosAuth.fromTicketCache(tmp.resolve("no-such-ccache")))
                .isInstanceOf(IOException.class).hasMessageContaining("kinit");
    }
}
