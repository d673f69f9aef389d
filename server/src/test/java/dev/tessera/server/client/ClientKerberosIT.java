package dev.tessera.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.auth.kerberos.testing.KdcFixture;
import dev.tessera.auth.kerberos.testing.MitTools;
import dev.tessera.client.CubeQuery;
import dev.tessera.client.CubeSummary;
import dev.tessera.client.QueryAnswer;
import dev.tessera.client.TesseraClient;
import dev.tessera.client.auth.BasicAuth;
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

        assertThat(alice.listCubes()).extracting(CubeSummary::name).contains("sales");
        assertThat(alice.query("sales", CubeQuery.of(List.of("revenue"), List.of("geo.continent"))).rows()).isNotEmpty();
    }

    @Test
    void thePythonRecipesRunAsTheReadmeShowsThem(@TempDir Path tmp) throws Exception {
        TestClient admin = new TestClient(app.baseUrl().replaceAll("/$", ""));
        ClientTesting.createUser(admin, "pat", "ROLE_USER");
        Map<String, String> basic = Map.of("TESSERA_URL", admin.baseUrl(), "TESSERA_USER", "pat",
                "TESSERA_PASSWORD", ClientTesting.password("pat"));
        TesseraClient pat = TesseraClient.builder(URI.create(app.baseUrl()))
                .auth(new BasicAuth("pat", ClientTesting.password("pat"))).build();
        QueryAnswer byCountry = pat.query("sales", CubeQuery.of(List.of("revenue"), List.of("geo.country")));

        PythonRecipes.printedEveryRow(PythonRecipes.run("basic_auth.py", basic), byCountry, 0);
        String json = PythonRecipes.run("dataframe_json.py", basic);
        PythonRecipes.printedEveryRow(json, byCountry, 1);
        assertThat(json.lines().findFirst().orElseThrow()).contains("geo.country", "revenue", "orders");
        String csv = PythonRecipes.run("dataframe_csv.py", basic);
        assertThat(csv).isEqualTo(json);

        Path ccache = tmp.resolve("alice-ccache");
        MitTools.kinit(kdc, KdcFixture.ALICE, ccache);
        Map<String, String> kerberos = new java.util.HashMap<>(kdc.mitEnvironment(ccache));
        kerberos.put("TESSERA_URL", admin.baseUrl());
        PythonRecipes.printedEveryRow(PythonRecipes.run("kerberos_ticket.py", kerberos), byCountry, 0);
    }

    @Test
    void anEmptyTicketCacheSaysToRunKinit(@TempDir Path tmp) {
        assertThatThrownBy(() -> KerberosAuth.fromTicketCache(tmp.resolve("no-such-ccache")))
                .isInstanceOf(IOException.class).hasMessageContaining("kinit");
    }
}
