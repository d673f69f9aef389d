package dev.tessera.server.oidc;

import static dev.tessera.server.oidc.OidcTessera.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.EncryptedJWT;
import dev.tessera.auth.oidc.testing.IntrospectingProvider;
import dev.tessera.auth.oidc.testing.OidcProviderFixture;
import dev.tessera.server.errors.Problem;
import dev.tessera.server.testing.TestClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The bearer tokens of an attacker's report, at the running app's door: tokens of another client or of another kind
 * (refresh, offline, ID) through introspection and user info, and JWTs that used to break the backend (encrypted,
 * an expiry in the year 9999, issued in the future). Each is a 401 with {@code error="invalid_token"} - or, for a
 * token that is merely long-lived, a 200 - and never a 503, an ERROR in the log or a "login.unavailable" audit row.
 */
class OidcTokenAttacksIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLES = "https://tessera.example/roles";

    private static OidcProviderFixture idp;
    private static IntrospectingProvider keycloak;
    private static OidcTessera app;
    private static TestClient client;
    private static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        idp = OidcProviderFixture.start();
        keycloak = IntrospectingProvider.start();
        app = OidcTessera.start("oidc-attacks.yml", Map.of(
                "AUTH0_ISSUER", idp.issuerUrl("auth0").toString(),
                "KEYCLOAK_ISSUER", keycloak.issuerUrl().toString(),
                "CORP_ISSUER", idp.issuerUrl("corp").toString()));
        client = app.client();
        // After start-up: Dropwizard sets logging up anew when the app starts.
        LOG.start();
        root().addAppender(LOG);
    }

    @AfterAll
    static void stop() throws Exception {
        root().detachAppender(LOG);
        if (app != null) {
            app.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
        if (idp != null) {
            idp.close();
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** Whatever a test did, it logged no ERROR and left no "provider unavailable" row in the audit. */
    @AfterEach
    void nothingWasMistakenForAnOutage() throws Exception {
        // The providers are other parties; what matters is that Tessera logged nothing as an error.
        assertThat(List.copyOf(LOG.list)).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
                .filteredOn(event -> !event.getLoggerName().startsWith("no.nav.security"))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        HttpResponse<String> audit = client.as(ADMIN, "GET", "/api/v1/admin/audit?action=login.unavailable", null);
        assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
        assertThat(JSON.readTree(audit.body())).isEmpty();
    }

    private static HttpResponse<String> whoami(String token) {
        return client.get("/api/v1/whoami", "Authorization", "Bearer " + token);
    }

    /** 401, problem+json, {@code error="invalid_token"} beside the Basic challenge; returns the problem's detail. */
    private static String assertInvalidToken(String token, String why) throws Exception {
        HttpResponse<String> response = whoami(token);
        assertThat(response.statusCode()).as(why + ": " + response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).as(why).startsWith(Problem.MEDIA_TYPE);
        assertThat(response.headers().allValues("WWW-Authenticate")).as(why)
                .anyMatch(c -> c.startsWith("Bearer error=\"invalid_token\""))
                .anyMatch(c -> c.startsWith("Basic "));
        assertThat(response.body()).as(why).doesNotContain(token).doesNotContain("Exception");
        return JSON.readTree(response.body()).path("detail").asText();
    }

    private static JsonNode assertSignedIn(String token, String username) throws Exception {
        HttpResponse<String> response = whoami(token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode me = JSON.readTree(response.body());
        assertThat(me.path("username").asText()).isEqualTo(username);
        return me;
    }

    /** What Keycloak's introspection answers for an active token issued to {@code azp}. */
    private static Map<String, Object> keycloakAnswer(String azp, String typ, Object aud) {
        Map<String, Object> answer = new HashMap<>(Map.of("active", true, "azp", azp, "typ", typ, "sub", "f81d4fae",
                "preferred_username", "carol", "scope", "openid profile",
                "realm_access", Map.of("roles", List.of("sales"))));
        if (aud != null) {
            answer.put("aud", aud);
        }
        return answer;
    }

    // ---------------------------------------------------------------- opaque tokens, introspection

    @Test
    void aKeycloakTokenOfAnotherClientGivesItsHolderNothing() throws Exception {
        // The report: admin-cli's token carries no aud; introspection says active, and that used to let carol in.
        keycloak.answer("kc-admin-cli", keycloakAnswer("admin-cli", "Bearer", null));
        assertThat(assertInvalidToken("kc-admin-cli", "another client's token")).contains("aud");
        // Refused again, and asked about again: a refusal is never cached, let alone as an acceptance.
        assertInvalidToken("kc-admin-cli", "another client's token, again");
        assertThat(keycloak.introspections("kc-admin-cli")).isEqualTo(2);
        // The refusal is logged at INFO, which also shows this test's log capture is wired up.
        assertThat(List.copyOf(LOG.list)).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(line -> line.startsWith("Refused Bearer credentials") && line.contains("azp"));

        // The control: the same user's token issued to Tessera's client signs in (by its azp), its role mapped.
        keycloak.answer("kc-tessera", keycloakAnswer("tessera", "Bearer", "account"));
        JsonNode carol = assertSignedIn("kc-tessera", "carol");
        assertThat(carol.path("roles").toString()).contains("ROLE_USER");
    }

    @Test
    void refreshOfflineAndIdTokensAreNotBearerTokens() throws Exception {
        String issuer = keycloak.issuerUrl().toString();
        keycloak.answer("kc-refresh", keycloakAnswer("tessera", "Refresh", issuer));
        assertThat(assertInvalidToken("kc-refresh", "refresh token")).contains("typ is Refresh");
        keycloak.answer("kc-offline", keycloakAnswer("tessera", "Offline", issuer));
        assertInvalidToken("kc-offline", "offline token");
        keycloak.answer("kc-id", keycloakAnswer("tessera", "ID", "tessera"));
        assertThat(assertInvalidToken("kc-id", "ID token")).contains("typ is ID");
        Map<String, Object> rfc7662Refresh = keycloakAnswer("tessera", "Bearer", "tessera");
        rfc7662Refresh.remove("typ");
        rfc7662Refresh.put("token_type", "refresh_token");
        keycloak.answer("rfc7662-refresh", rfc7662Refresh);
        assertInvalidToken("rfc7662-refresh", "RFC 7662 refresh token");
    }

    // ---------------------------------------------------------------- opaque tokens, user info

    @Test
    void userInfoCannotCheckTheAudienceButRefusesTokensThatSayWhatTheyAre() throws Exception {
        // The mock's user info vouches for anything it signed; the control shows it.
        assertSignedIn(idp.token("corp").subject("hana").sign(), "hana");
        assertThat(assertInvalidToken(idp.token("corp").subject("hana").claim("typ", "Refresh").sign(),
                "refresh token at user info")).contains("typ is Refresh");
        assertThat(assertInvalidToken(idp.token("corp").subject("hana").claim("nonce", "n-0S6").sign(),
                "ID token at user info")).contains("ID token");
    }

    // ---------------------------------------------------------------- JWTs

    @Test
    void anEncryptedTokenIsAnInvalidTokenNotAnOutage() throws Exception {
        EncryptedJWT jwe = new EncryptedJWT(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM),
                idp.token("auth0").claim("email", "eve@example.com").claim(ROLES, List.of("analysts")).claims());
        jwe.encrypt(new RSAEncrypter(new RSAKeyGenerator(2048).generate().toRSAPublicKey()));
        assertThat(assertInvalidToken(jwe.serialize(), "JWE")).contains("JWE");
        assertInvalidToken("a.b.c.d.e", "five parts of nothing");
    }

    @Test
    void aTokenExpiringInTheYear9999IsNoOutage() throws Exception {
        String token = idp.token("auth0").claim("email", "old@example.com").claim(ROLES, List.of("analysts"))
                .expiresAt(Instant.parse("9999-12-31T23:59:59Z")).sign();
        // Validly signed for this audience, so accepted: twice, the second time from the verified-token cache.
        assertSignedIn(token, "old@example.com");
        assertSignedIn(token, "old@example.com");
    }

    @Test
    void aTokenIssuedInTheFutureIsRefused() throws Exception {
        String token = idp.token("auth0").claim("email", "eve@example.com").claim(ROLES, List.of("analysts"))
                .issuedAt(Instant.now().plus(Duration.ofMinutes(10))).sign();
        assertThat(assertInvalidToken(token, "iat in the future")).contains("iat");
    }
}
