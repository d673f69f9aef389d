package dev.tessera.server.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.oidc.testing.OidcProviderFixture;
import dev.tessera.server.errors.Problem;
import dev.tessera.server.testing.TestClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The provider goes away while the app runs: JWTs signed with keys already fetched keep working, a login cannot
 * start (a clear page, 503), and opaque tokens that cannot be checked are 503 with Retry-After, never 401. One
 * test, since stopping the provider cannot be undone.
 */
class OidcOutageServerIT {

    private static final String ROLES = "https://tessera.example/roles";

    private static OidcProviderFixture idp;
    private static OidcTessera app;

    @BeforeAll
    static void start() throws Exception {
        idp = OidcProviderFixture.start();
        app = OidcTessera.start("oidc-outage.yml", Map.of(
                "AUTH0_ISSUER", idp.issuerUrl("auth0").toString(),
                "CORP_ISSUER", idp.issuerUrl("corp").toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (idp != null) {
            idp.close();
        }
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    @Test
    void whenTheProviderIsDownCachedKeysStillWorkLoginsAndUncheckedOpaqueTokensAre503() {
        TestClient client = app.client();
        String jwtBefore = idp.token("auth0").claim("email", "ann@example.com").claim(ROLES, List.of("analysts")).sign();
        String jwtAfter = idp.token("auth0").claim("email", "bob@example.com").claim(ROLES, List.of("analysts")).sign();
        String opaqueSeen = idp.token("corp").subject("carol").sign();
        String opaqueNew = idp.token("corp").subject("dan").sign();
        assertThat(client.get("/api/v1/cubes", "Authorization", bearer(jwtBefore)).statusCode()).isNotIn(401, 403, 503);
        HttpResponse<String> opaque = client.get("/api/v1/whoami", "Authorization", bearer(opaqueSeen));
        assertThat(opaque.statusCode()).as(opaque.body()).isEqualTo(200);
        assertThat(opaque.body()).contains("\"username\":\"carol\"", "\"backend\":\"corp\"");
        assertThat(client.get("/login/oauth2/authorization/auth0").statusCode()).isEqualTo(303);

        idp.close();

        // A token never seen before, signed with a key already fetched: checked locally, no provider needed.
        HttpResponse<String> jwt = client.get("/api/v1/whoami", "Authorization", bearer(jwtAfter));
        assertThat(jwt.statusCode()).as(jwt.body()).isEqualTo(200);
        assertThat(jwt.body()).contains("\"username\":\"bob@example.com\"");
        // An opaque token checked before the outage is served from the cache.
        assertThat(client.get("/api/v1/whoami", "Authorization", bearer(opaqueSeen)).statusCode()).isEqualTo(200);

        // An opaque token that cannot be checked now: 503 with Retry-After, not 401, for JWT-shaped and truly opaque.
        for (String token : List.of(opaqueNew, "2YotnFZFEjr1zCsicMWpAA")) {
            HttpResponse<String> unchecked = client.get("/api/v1/whoami", "Authorization", bearer(token));
            assertThat(unchecked.statusCode()).as(unchecked.body()).isEqualTo(503);
            assertThat(unchecked.headers().firstValue("Retry-After").orElseThrow()).matches("[1-9][0-9]*");
            assertThat(unchecked.headers().firstValue("Content-Type").orElseThrow()).startsWith(Problem.MEDIA_TYPE);
            assertThat(unchecked.body()).contains("corp");
        }

        // A browser login cannot start: a page that says so, not a redirect to a provider that is not there.
        HttpResponse<String> login = client.get("/login/oauth2/authorization/auth0?returnTo=%2F");
        assertThat(login.statusCode()).as(login.headers().map().toString()).isEqualTo(503);
        assertThat(login.headers().firstValue("Retry-After")).isPresent();
        assertThat(login.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(login.body()).contains("cannot be reached");
        assertThat(login.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("tessera_login=") && !c.contains("Max-Age=0"));
        // The login page itself still shows, for the other ways in.
        assertThat(client.get("/login").statusCode()).isEqualTo(200);
    }
}
