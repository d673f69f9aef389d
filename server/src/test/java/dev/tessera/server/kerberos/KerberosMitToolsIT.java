package dev.tessera.server.kerberos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.kerberos.testing.KdcFixture;
import dev.tessera.auth.kerberos.testing.MitTools;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a Linux user on the domain does: MIT {@code kinit} against the test KDC, then {@code curl --negotiate -u :}
 * against the running app. Fails, not skips, without the tools ({@code apt-get install krb5-user curl}).
 */
class KerberosMitToolsIT {

    private static KdcFixture kdc;
    private static KerberosTessera app;

    @BeforeAll
    static void start() throws Exception {
        MitTools.requireInstalled();
        kdc = KdcFixture.start();
        app = KerberosTessera.start(kdc);
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

    private static URI url(String path) {
        return URI.create(app.client().baseUrl() + path);
    }

    @Test
    void kinitThenCurlIsForbiddenUntilAnAdminGrantsRoleUser(@TempDir Path tmp) {
        Path ccache = tmp.resolve("alice-ccache");
        MitTools.kinit(kdc, KdcFixture.ALICE, ccache);

        MitTools.HttpResult whoami = MitTools.curlNegotiate(kdc, ccache, url("/api/v1/whoami"));
        assertThat(whoami.status()).as(whoami.headers() + whoami.body()).isEqualTo(200);
        assertThat(whoami.body()).contains("\"username\":\"alice\"", "\"backend\":\"kerberos\"");
        assertThat(whoami.finalWwwAuthenticate()).as("mutual authentication token").startsWith("Negotiate ");

        MitTools.HttpResult refused = MitTools.curlNegotiate(kdc, ccache, url("/api/v1/cubes"));
        assertThat(refused.status()).as(refused.headers() + refused.body()).isEqualTo(403);
        assertThat(refused.body()).contains("Ask an administrator");

        app.grant("alice", "ROLE_USER");

        MitTools.HttpResult allowed = MitTools.curlNegotiate(kdc, ccache, url("/api/v1/cubes"));
        assertThat(allowed.status()).as(allowed.headers() + allowed.body()).isNotIn(401, 403, 500);
    }

    @Test
    void curlWithoutATicketGetsBothChallengesAndNoSession(@TempDir Path tmp) {
        MitTools.HttpResult result = MitTools.curlNegotiate(kdc, tmp.resolve("empty-ccache"), url("/api/v1/whoami"));
        assertThat(result.status()).isEqualTo(401);
        assertThat(result.headers()).contains("WWW-Authenticate: Negotiate").contains("WWW-Authenticate: Basic realm=");
        assertThat(result.headers()).doesNotContain("Set-Cookie");
    }

    @Test
    void curlLoginKerberosGetsTheSessionCookieThenUsesItWithoutATicket(@TempDir Path tmp) {
        Path ccache = tmp.resolve("bob-ccache");
        Path jar = tmp.resolve("cookies.txt");
        MitTools.kinit(kdc, KdcFixture.BOB, ccache);
        MitTools.HttpResult login = MitTools.curlNegotiate(kdc, ccache, url("/login/kerberos?returnTo=%2Fapi%2Fv1%2Fwhoami"),
                "-c", jar.toString());
        assertThat(login.status()).as(login.headers() + login.body()).isEqualTo(303);
        assertThat(login.headers()).contains("Set-Cookie: tessera_session=");

        // An empty credential cache: only the cookie can authenticate this request.
        MitTools.HttpResult whoami = MitTools.curlNegotiate(kdc, tmp.resolve("empty-ccache"), url("/api/v1/whoami"),
                "-b", jar.toString());
        assertThat(whoami.status()).as(whoami.headers() + whoami.body()).isEqualTo(200);
        assertThat(whoami.body()).contains("\"username\":\"bob\"");
    }
}
