package dev.tessera.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tessera.auth.oidc.testing.OidcProviderFixture;
import dev.tessera.client.CubeQuery;
import dev.tessera.client.CubeSummary;
import dev.tessera.client.TesseraClient;
import dev.tessera.client.TesseraProblemException;
import dev.tessera.client.auth.BearerAuth;
import dev.tessera.client.auth.ClientCredentialsAuth;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java client with OAuth2 client credentials at mock-oauth2-server (issuer "keycloak" of oidc-server.yml): a
 * service account's token is fetched, sent as a bearer token, and fetched again shortly before it expires.
 */
class ClientOidcIT {

    private static final String ISSUER = "keycloak";
    /**
     * What the provider puts in the service account's token, as Keycloak does: the name, the role oidc-server.yml
     * maps to ROLE_USER, and the client_id of a client-credentials grant.
     */
    private static final Map<String, Object> SERVICE_ACCOUNT = Map.of("preferred_username", "svc-reports",
            "realm_access", Map.of("roles", List.of("tessera-users")), "client_id", OidcProviderFixture.CLIENT_ID);

    private static OidcProviderFixture provider;
    private static BackendApp app;

    @BeforeAll
    static void start() throws Exception {
        provider = OidcProviderFixture.start();
        app = BackendApp.start("oidc-server.yml", Map.of("AUTH0_ISSUER", provider.issuerUrl("auth0").toString(),
                "KEYCLOAK_ISSUER", provider.issuerUrl(ISSUER).toString(), "GOOGLE_ISSUER", provider.issuerUrl("google").toString()));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    /** A clock the test moves forward. */
    static final class StepClock extends Clock {
        private Instant now = Instant.now();

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static URI tokenEndpoint() {
        return URI.create(provider.issuerUrl(ISSUER) + "/token");
    }

    @Test
    void aServiceAccountQueriesAndItsTokenIsRenewedBeforeItExpires() throws Exception {
        StepClock clock = new StepClock();
        ClientCredentialsAuth auth = new ClientCredentialsAuth(tokenEndpoint(), OidcProviderFixture.CLIENT_ID,
                OidcProviderFixture.CLIENT_SECRET, "tessera", clock);
        TesseraClient service = TesseraClient.builder(URI.create(app.baseUrl())).auth(auth).build();

        provider.enqueueLogin(ISSUER, "svc-reports", SERVICE_ACCOUNT, 120);
        assertThat(service.listCubes()).extracting(CubeSummary::name).contains("sales");
        String first = auth.currentToken().getValue();
        clock.advance(Duration.ofSeconds(60));
        assertThat(auth.currentToken().getValue()).as("still well before expiry: kept").isEqualTo(first);

        provider.enqueueLogin(ISSUER, "svc-reports", SERVICE_ACCOUNT, 120);
        clock.advance(Duration.ofSeconds(50)); // 110 s of 120: inside the last tenth, so renewed
        assertThat(service.query("sales", CubeQuery.of(List.of("revenue"), List.of("geo.continent"))).rows()).isNotEmpty();
        assertThat(auth.currentToken().getValue()).isNotEqualTo(first);
        assertThat(auth.toString()).doesNotContain(OidcProviderFixture.CLIENT_SECRET);
    }

    @Test
    void thePythonClientCredentialsRecipeRuns() throws Exception {
        provider.enqueueLogin(ISSUER, "svc-reports", SERVICE_ACCOUNT, 120);
        String out = PythonRecipes.run("oidc_client_credentials.py", Map.of("TESSERA_URL", app.baseUrl().replaceAll("/$", ""),
                "TOKEN_URL", tokenEndpoint().toString(), "CLIENT_ID", OidcProviderFixture.CLIENT_ID,
                "CLIENT_SECRET", OidcProviderFixture.CLIENT_SECRET, "SCOPE", "tessera"));
        provider.enqueueLogin(ISSUER, "svc-reports", SERVICE_ACCOUNT, 120);
        TesseraClient service = TesseraClient.builder(URI.create(app.baseUrl())).auth(new ClientCredentialsAuth(tokenEndpoint(),
                OidcProviderFixture.CLIENT_ID, OidcProviderFixture.CLIENT_SECRET, "tessera")).build();
        PythonRecipes.printedEveryRow(out, service.query("sales", CubeQuery.of(List.of("revenue"), List.of("geo.country"))), 0);
    }

    @Test
    void aStaticBearerTokenWorksAndAForgedOneIsA401Problem() throws Exception {
        String token = provider.token(ISSUER).subject("svc-static").claim("preferred_username", "svc-static")
                .claim("realm_access", Map.of("roles", List.of("tessera-users"))).sign();
        TesseraClient bearer = TesseraClient.builder(URI.create(app.baseUrl())).auth(new BearerAuth(token)).build();
        assertThat(bearer.listCubes()).extracting(CubeSummary::name).contains("sales");

        TesseraClient forged = TesseraClient.builder(URI.create(app.baseUrl()))
                .auth(new BearerAuth(token.substring(0, token.length() - 4) + "AAAA")).build();
        TesseraProblemException refused = catchThrowableOfType(TesseraProblemException.class, forged::listCubes);
        assertThat(refused.status()).isEqualTo(401);
    }
}
