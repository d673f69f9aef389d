package dev.tessera.server.oidc;

import static dev.tessera.server.oidc.OidcTessera.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.tessera.auth.oidc.testing.OidcProviderFixture;
import dev.tessera.server.errors.Problem;
import dev.tessera.server.testing.TestClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The running app with Basic (the admin) and three OIDC backends - auth0 (roles in a namespaced claim), keycloak
 * (roles at {@code realm_access.roles}) and google (no roles) - against an in-process provider
 * (mock-oauth2-server). The browser flow is driven hop by hop over HTTP, as a browser would, and the attacks are
 * made at the app's door, so what is checked is what a client sees: statuses, headers, cookies, pages.
 */
class OidcServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLES = "https://tessera.example/roles";

    private static OidcProviderFixture idp;
    private static OidcTessera app;
    private static TestClient client;

    @BeforeAll
    static void start() throws Exception {
        idp = OidcProviderFixture.start();
        app = OidcTessera.start("oidc-server.yml", Map.of(
                "AUTH0_ISSUER", idp.issuerUrl("auth0").toString(),
                "KEYCLOAK_ISSUER", idp.issuerUrl("keycloak").toString(),
                "GOOGLE_ISSUER", idp.issuerUrl("google").toString()));
        client = app.client();
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

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    /** Starts a login at Tessera: the 303 to the provider, with the login cookie now in the browser. */
    private static URI begin(Browser browser, String providerId, String returnTo) {
        HttpResponse<String> begin = browser.get("/login/oauth2/authorization/" + providerId
                + (returnTo == null ? "" : "?returnTo=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8)));
        assertThat(begin.statusCode()).as(begin.body()).isEqualTo(303);
        assertThat(browser.cookie("tessera_login")).isPresent();
        return Browser.location(begin);
    }

    /** The provider's side: it signs the user in (no page shown) and sends the browser back with a code. */
    private static URI atProvider(Browser browser, URI authorization) {
        HttpResponse<String> provider = browser.get(authorization.toString());
        assertThat(provider.statusCode()).as(provider.body()).isBetween(300, 399);
        URI callback = Browser.location(provider);
        assertThat(callback.toString()).startsWith(app.baseUrl() + "/login/oauth2/code/");
        return callback;
    }

    /** The whole login of a user at auth0; returns the callback's answer (303 with the session cookie). */
    private static HttpResponse<String> loginAtAuth0(Browser browser, String email, List<String> roles, String returnTo) {
        URI authorization = begin(browser, "auth0", returnTo);
        idp.enqueueLogin("auth0", "auth0|" + email, Map.of("email", email, ROLES, roles));
        return browser.get(atProvider(browser, authorization).toString());
    }

    private static String path(URI location) {
        return location.getRawPath() + (location.getRawQuery() == null ? "" : "?" + location.getRawQuery());
    }

    // ---------------------------------------------------------------- browser login

    @Test
    void aSessionOutlivesAShortAccessTokenByRefreshingServerSide() throws Exception {
        Browser browser = app.browser();
        URI authorization = begin(browser, "auth0", "/api/v1/whoami");
        idp.enqueueLogin("auth0", "auth0|rita", Map.of("email", "rita@example.com", ROLES, List.of("analysts")), 1);
        HttpResponse<String> callback = browser.get(atProvider(browser, authorization).toString());
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(303);
        String firstCookie = browser.cookie("tessera_session").orElseThrow();
        // The refresh token travels encrypted: nothing in the cookie reads as a token of the provider.
        assertThat(new String(java.util.Base64.getUrlDecoder().decode(firstCookie.substring(0, firstCookie.indexOf('.'))),
                StandardCharsets.UTF_8)).contains("\"rt\"", "\"ra\"").doesNotContain("eyJ");

        Thread.sleep(2_100); // the access token has now expired at the provider
        HttpResponse<String> after = browser.get("/api/v1/whoami");
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(json(after).path("username").asText()).isEqualTo("rita@example.com");
        assertThat(Browser.setCookies(after, "tessera_session")).as("a refreshed session cookie").hasSize(1);
        assertThat(browser.cookie("tessera_session").orElseThrow()).isNotEqualTo(firstCookie);
        // The new cookie is good on its own.
        assertThat(browser.get("/api/v1/whoami").statusCode()).isEqualTo(200);
    }

    @Test
    void theLoginPageLinksToEachProvider() {
        HttpResponse<String> page = client.get("/login?returnTo=%2Fapi%2Fv1%2Fwhoami");
        assertThat(page.statusCode()).isEqualTo(200);
        for (String provider : List.of("auth0", "keycloak", "google")) {
            assertThat(page.body()).contains("href=\"/login/oauth2/authorization/" + provider
                    + "?returnTo=%2Fapi%2Fv1%2Fwhoami\"");
        }
        assertThat(page.body()).contains("name=\"password\""); // basic is on too
    }

    @Test
    void theWholeBrowserFlowEndsOnTheAskedPageSignedInWithMappedRoles() throws Exception {
        Browser browser = app.browser();
        HttpResponse<String> begin = browser.get("/login/oauth2/authorization/auth0?returnTo=%2Fapi%2Fv1%2Fwhoami");
        assertThat(begin.statusCode()).isEqualTo(303);
        assertThat(begin.headers().firstValue("Cache-Control")).contains("no-store");
        String loginCookie = Browser.setCookies(begin, "tessera_login").get(0);
        assertThat(loginCookie).contains("Path=/login").contains("Max-Age=600").contains("HttpOnly")
                .containsIgnoringCase("SameSite=Lax");
        URI authorization = Browser.location(begin);
        assertThat(authorization.toString()).startsWith(idp.issuerUrl("auth0") + "/authorize?");
        Map<String, String> request = OidcProviderFixture.queryParameters(authorization);
        assertThat(request).containsEntry("response_type", "code").containsEntry("client_id", "tessera")
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("redirect_uri", app.baseUrl() + "/login/oauth2/code/auth0")
                .containsKeys("state", "nonce", "code_challenge");
        assertThat(request.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
        // Nothing the provider sees (state, nonce) lets it forge the cookie, and the verifier never leaves Tessera.
        assertThat(request.get("scope").split(" ")).contains("openid");

        idp.enqueueLogin("auth0", "auth0|ann", Map.of("email", "ann@example.com", "name", "Ann",
                ROLES, List.of("analysts", "unmapped")));
        URI callback = atProvider(browser, authorization);
        assertThat(OidcProviderFixture.queryParameters(callback)).containsEntry("state", request.get("state"))
                .containsKey("code");
        HttpResponse<String> done = browser.get(callback.toString());
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        assertThat(path(Browser.location(done))).isEqualTo("/api/v1/whoami");
        String session = Browser.setCookies(done, "tessera_session").get(0);
        assertThat(session).contains("HttpOnly").containsIgnoringCase("SameSite=Lax").contains("Path=/");
        assertThat(Browser.setCookies(done, "tessera_login")).singleElement().asString().contains("Max-Age=0");
        assertThat(browser.cookie("tessera_login")).isEmpty();

        HttpResponse<String> whoami = browser.get(path(Browser.location(done)));
        assertThat(whoami.statusCode()).as(whoami.body()).isEqualTo(200);
        JsonNode me = json(whoami);
        assertThat(me.path("username").asText()).isEqualTo("ann@example.com");
        assertThat(me.path("backend").asText()).isEqualTo("auth0");
        assertThat(texts(me.path("providerRoles"))).containsExactlyInAnyOrder("analysts", "unmapped");
        assertThat(texts(me.path("roles"))).containsExactlyInAnyOrder("ROLE_USER", "ROLE_ANALYST");
        assertThat(me.path("attributes").path("email").asText()).isEqualTo("ann@example.com");
        // The session works on the API, not only on whoami.
        assertThat(browser.get("/api/v1/cubes").statusCode()).isNotIn(401, 403);
    }

    @Test
    void aKeycloakUserLogsInThroughTheBrowserToo() throws Exception {
        Browser browser = app.browser();
        URI authorization = begin(browser, "keycloak", "/api/v1/whoami");
        idp.enqueueLogin("keycloak", "f7c0-kim", Map.of("preferred_username", "kim",
                "realm_access", Map.of("roles", List.of("tessera-users", "offline_access"))));
        HttpResponse<String> done = browser.get(atProvider(browser, authorization).toString());
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        JsonNode me = json(browser.get("/api/v1/whoami"));
        assertThat(me.path("username").asText()).isEqualTo("kim");
        assertThat(me.path("backend").asText()).isEqualTo("keycloak");
        assertThat(texts(me.path("roles"))).containsExactly("ROLE_USER");
    }

    @Test
    void aReturnToAnotherOriginEndsAtTheRoot() {
        for (String evil : List.of("https://evil.example", "//evil.example/x", "/\\evil.example")) {
            Browser browser = app.browser();
            HttpResponse<String> done = loginAtAuth0(browser, "rita@example.com", List.of("analysts"), evil);
            assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
            URI location = Browser.location(done);
            assertThat(location.toString()).as(evil).isIn("/", app.baseUrl() + "/");
        }
    }

    // ---------------------------------------------------------------- attacks on the callback

    @Test
    void aCallbackWithAnotherStateGivesAnErrorPageAndNoSession() {
        Browser victim = app.browser();
        URI authorization = begin(victim, "auth0", "/");
        // No login is queued at the provider: the exchange must never happen (a queued one would leak into others).
        URI callback = atProvider(victim, authorization);
        String state = OidcProviderFixture.queryParameters(callback).get("state");
        String tampered = callback.toString().replace("state=" + state, "state=" + state.substring(1) + "x");
        HttpResponse<String> refused = victim.get(tampered);
        assertThat(refused.statusCode()).isIn(400, 401);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(refused.body()).contains("state mismatch");
        assertThat(Browser.setCookies(refused, "tessera_session")).isEmpty();
        assertThat(victim.cookie("tessera_session")).isEmpty();
        // The login cookie is spent: it is cleared on a refusal, so the good callback no longer works either.
        assertThat(victim.cookie("tessera_login")).isEmpty();
        assertThat(victim.get(callback.toString()).statusCode()).isEqualTo(400);
    }

    @Test
    void anAttackersCallbackInTheVictimsBrowserIsRefused() {
        // Login CSRF: the attacker starts a login, and plants the callback (code and state) into the victim's browser.
        Browser attacker = app.browser();
        URI attackersAuthorization = begin(attacker, "auth0", "/");
        URI attackersCallback = atProvider(attacker, attackersAuthorization);

        Browser victim = app.browser();
        begin(victim, "auth0", "/"); // the victim has a login of their own under way
        HttpResponse<String> refused = victim.get(attackersCallback.toString());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(Browser.setCookies(refused, "tessera_session")).isEmpty();
    }

    @Test
    void aCallbackWithoutTheLoginCookieIs400() {
        Browser browser = app.browser();
        URI authorization = begin(browser, "auth0", "/");
        URI callback = atProvider(browser, authorization);
        browser.forget("tessera_login");
        HttpResponse<String> refused = browser.get(callback.toString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("start again");
        assertThat(Browser.setCookies(refused, "tessera_session")).isEmpty();
        // A login cookie of another provider does not fit either.
        Browser other = app.browser();
        begin(other, "google", "/");
        assertThat(other.get(callback.toString()).statusCode()).isEqualTo(400);
        // Nor does a forged one.
        Browser forged = app.browser();
        forged.setCookie("tessera_login", "/login", "eyJwIjoiYXV0aDAifQ.forged");
        assertThat(forged.get(callback.toString()).statusCode()).isEqualTo(400);
    }

    @Test
    void aReplayedCallbackIsRefused() {
        Browser browser = app.browser();
        URI authorization = begin(browser, "auth0", "/");
        String loginCookie = browser.cookie("tessera_login").orElseThrow();
        idp.enqueueLogin("auth0", "auth0|ann", Map.of("email", "ann@example.com", ROLES, List.of("analysts")));
        URI callback = atProvider(browser, authorization);
        assertThat(browser.get(callback.toString()).statusCode()).isEqualTo(303);

        // Someone who captured both the callback URL and the login cookie replays them: the code is spent and the
        // tokens the provider might still hand out do not carry this login's nonce.
        Browser replayer = app.browser();
        replayer.setCookie("tessera_login", "/login", loginCookie);
        HttpResponse<String> replay = replayer.get(callback.toString());
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(Browser.setCookies(replay, "tessera_session")).isEmpty();
        assertThat(replayer.cookie("tessera_session")).isEmpty();
    }

    @Test
    void anUnknownProviderIs404() {
        assertThat(client.get("/login/oauth2/authorization/okta").statusCode()).isEqualTo(404);
        assertThat(client.get("/login/oauth2/code/okta?code=x&state=y").statusCode()).isEqualTo(404);
    }

    // ---------------------------------------------------------------- bearer tokens

    @Test
    void bearerJwtsOfTwoProvidersAtOnceWithTheirRolesMapped() throws Exception {
        String auth0 = idp.token("auth0").subject("auth0|ben").claim("email", "ben@example.com")
                .claim(ROLES, List.of("analysts")).sign();
        String keycloak = idp.token("keycloak").subject("9a1d-kate").claim("preferred_username", "kate")
                .claim("realm_access", Map.of("roles", List.of("tessera-users"))).sign();

        JsonNode ben = json(client.get("/api/v1/whoami", "Authorization", bearer(auth0)));
        assertThat(ben.path("username").asText()).isEqualTo("ben@example.com");
        assertThat(ben.path("backend").asText()).isEqualTo("auth0");
        assertThat(texts(ben.path("providerRoles"))).containsExactly("analysts");
        assertThat(texts(ben.path("roles"))).containsExactlyInAnyOrder("ROLE_USER", "ROLE_ANALYST");

        JsonNode kate = json(client.get("/api/v1/whoami", "Authorization", bearer(keycloak)));
        assertThat(kate.path("username").asText()).isEqualTo("kate");
        assertThat(kate.path("backend").asText()).isEqualTo("keycloak");
        assertThat(texts(kate.path("providerRoles"))).containsExactly("tessera-users");
        assertThat(texts(kate.path("roles"))).containsExactly("ROLE_USER");

        assertThat(client.get("/api/v1/cubes", "Authorization", bearer(auth0)).statusCode()).isNotIn(401, 403);
        assertThat(client.get("/api/v1/cubes", "Authorization", bearer(keycloak)).statusCode()).isNotIn(401, 403);
        // Bearer callers are not admins for all that.
        assertThat(client.get("/api/v1/admin/users", "Authorization", bearer(auth0)).statusCode()).isEqualTo(403);
    }

    @Test
    void aGoogleUserWithoutRolesIsRefusedUntilAnAdminGrantsOne() throws Exception {
        String token = idp.token("google").subject("1098").claim("email", "gina@example.com").sign();
        JsonNode before = json(client.get("/api/v1/whoami", "Authorization", bearer(token)));
        assertThat(before.path("backend").asText()).isEqualTo("google");
        assertThat(texts(before.path("roles"))).isEmpty();
        HttpResponse<String> refused = client.get("/api/v1/cubes", "Authorization", bearer(token));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("gina@example.com").contains("ROLE_USER");

        HttpResponse<String> grant = client.as(ADMIN, "PUT", "/api/v1/admin/users/gina@example.com/roles/ROLE_USER", null);
        assertThat(grant.statusCode()).as(grant.body()).isEqualTo(200);

        // The very next request sees the grant (same token, nothing cached in the way).
        assertThat(client.get("/api/v1/cubes", "Authorization", bearer(token)).statusCode()).isNotIn(401, 403);
        assertThat(texts(json(client.get("/api/v1/whoami", "Authorization", bearer(token))).path("roles")))
                .containsExactly("ROLE_USER");
    }

    @Test
    void keysRotatedByTheProviderAreFetchedAndTheNewTokensWork() throws Exception {
        String before = idp.token("auth0").claim("email", "rob@example.com").claim(ROLES, List.of("analysts")).sign();
        assertThat(client.get("/api/v1/cubes", "Authorization", bearer(before)).statusCode()).isNotIn(401, 403);
        RSAKey next = idp.rotateKeys("auth0");
        String after = idp.token("auth0").claim("email", "rob@example.com").claim(ROLES, List.of("analysts")).sign();
        assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(next.getKeyID());
        HttpResponse<String> response = client.get("/api/v1/whoami", "Authorization", bearer(after));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).path("username").asText()).isEqualTo("rob@example.com");
    }

    // ---------------------------------------------------------------- attacks with bearer tokens

    private static void assertInvalidToken(String token, String why) {
        HttpResponse<String> response = client.get("/api/v1/whoami", "Authorization", bearer(token));
        assertThat(response.statusCode()).as(why + ": " + response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).as(why).startsWith(Problem.MEDIA_TYPE);
        assertThat(response.headers().allValues("WWW-Authenticate")).as(why)
                .anyMatch(c -> c.startsWith("Bearer error=\"invalid_token\""))
                .anyMatch(c -> c.startsWith("Basic "));
        assertThat(response.body()).doesNotContain(token);
    }

    /**
     * A bearer token no backend claims (not a JWT, or from an issuer none trusts): 401 with the plain challenges.
     * RFC 6750 3.1 would have {@code error="invalid_token"} here too; that is the chain's call, not a backend's.
     */
    private static void assertUnrecognised(String token) {
        HttpResponse<String> response = client.get("/api/v1/whoami", "Authorization", bearer(token));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith(Problem.MEDIA_TYPE);
        assertThat(response.headers().allValues("WWW-Authenticate")).anyMatch(c -> c.startsWith("Bearer error=\"invalid_token\""))
                .anyMatch(c -> c.startsWith("Basic "));
    }

    @Test
    void unsignedTokensAreRefused() {
        String none = new PlainJWT(idp.token("auth0").claim("email", "eve@example.com")
                .claim(ROLES, List.of("analysts")).claims()).serialize();
        assertInvalidToken(none, "alg none");
        // "alg": "none" with a signature part is not even a JWT to the backends: no one takes it.
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        assertUnrecognised(header + none.substring(none.indexOf('.')) + "c2ln");
    }

    @Test
    void hs256SignedWithThePublicKeyIsRefused() throws Exception {
        RSAKey published = idp.signingKey("auth0").toPublicJWK();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                published.toRSAPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        for (byte[] secret : List.of(pem.getBytes(StandardCharsets.UTF_8), published.toRSAPublicKey().getEncoded(),
                published.toJSONString().getBytes(StandardCharsets.UTF_8))) {
            SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(published.getKeyID()).build(),
                    idp.token("auth0").claim("email", "eve@example.com").claim(ROLES, List.of("analysts")).claims());
            forged.sign(new MACSigner(secret));
            assertInvalidToken(forged.serialize(), "HS256 with the public key");
        }
    }

    @Test
    void wrongAudienceExpiredAndForeignKeysAreRefused() throws Exception {
        assertInvalidToken(idp.token("auth0").claim("email", "eve@example.com").audience("another-api").sign(),
                "wrong aud");
        assertInvalidToken(idp.token("auth0").claim("email", "eve@example.com").audience().sign(), "no aud");
        assertInvalidToken(idp.token("auth0").claim("email", "eve@example.com").expiredSince(Duration.ofMinutes(5))
                .sign(), "expired");
        assertInvalidToken(idp.token("auth0").claim("email", "eve@example.com")
                .notBefore(java.time.Instant.now().plus(Duration.ofMinutes(10))).sign(), "nbf in the future");
        // Claims keycloak as issuer but is signed with auth0's key: keycloak's JWKS does not list it.
        assertInvalidToken(idp.token("keycloak").claim("preferred_username", "eve").signedWith(idp.signingKey("auth0"))
                .sign(), "wrong iss for the key");
    }

    @Test
    void aTokenFromAnIssuerNoBackendTrustsIsRefused() {
        assertUnrecognised(idp.token("auth0").issuer("https://evil.example/").claim("email", "eve@example.com").sign());
        assertUnrecognised("2YotnFZFEjr1zCsicMWpAA"); // opaque, and no backend here takes opaque tokens
        // A token of a provider we know, in the issuer of another we know, is not enough either.
        String mixed = idp.token("auth0").issuer(idp.issuerUrl("google").toString()).claim("email", "eve@example.com")
                .sign();
        assertInvalidToken(mixed, "auth0-signed token claiming the google issuer");
    }

    @Test
    void anIdTokenIsNotABearerToken() throws Exception {
        // A client that got hold of an ID token (issued to Tessera's client id) tries it as an access token.
        idp.enqueueLogin("auth0", "auth0|ann", Map.of("email", "ann@example.com", ROLES, List.of("analysts")));
        String redirectUri = "http://localhost/cb";
        URI authorize = URI.create(idp.issuerUrl("auth0") + "/authorize?client_id=tessera&response_type=code&scope=openid"
                + "&state=s123&nonce=n123&redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8));
        String code = idp.authorize(authorize).get("code");
        HttpResponse<String> tokens = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(idp.issuerUrl("auth0") + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", TestClient.basic(OidcProviderFixture.CLIENT_ID, OidcProviderFixture.CLIENT_SECRET))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code="
                        + URLEncoder.encode(code, StandardCharsets.UTF_8) + "&redirect_uri="
                        + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        String idToken = json(tokens).path("id_token").asText();
        assertThat(SignedJWT.parse(idToken).getJWTClaimsSet().getAudience()).contains("tessera");
        assertInvalidToken(idToken, "ID token as bearer");
        HttpResponse<String> response = client.get("/api/v1/whoami", "Authorization", bearer(idToken));
        assertThat(response.body()).contains("ID token");
    }

    // ---------------------------------------------------------------- logout

    @Test
    void logoutClearsTheSessionAndGoesToTheProvidersEndSession() throws Exception {
        Browser browser = app.browser();
        HttpResponse<String> done = loginAtAuth0(browser, "lou@example.com", List.of("analysts"), "/");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        assertThat(browser.get("/api/v1/whoami").statusCode()).isEqualTo(200);

        // Cross-site logout is refused, and leaves the session alone.
        assertThat(browser.post("/logout", "Origin", "https://evil.example").statusCode()).isEqualTo(403);
        assertThat(browser.cookie("tessera_session")).isPresent();

        HttpResponse<String> logout = browser.post("/logout", "Origin", app.baseUrl());
        assertThat(logout.statusCode()).isEqualTo(303);
        URI endSession = Browser.location(logout);
        assertThat(endSession.toString()).startsWith(idp.issuerUrl("auth0") + "/endsession");
        Map<String, String> parameters = OidcProviderFixture.queryParameters(endSession);
        assertThat(parameters).containsEntry("client_id", "tessera");
        URI after = URI.create(parameters.get("post_logout_redirect_uri"));
        assertThat(after.getScheme() + "://" + after.getAuthority()).isEqualTo(app.baseUrl());
        assertThat(after.getPath()).isEqualTo("/login");
        assertThat(Browser.setCookies(logout, "tessera_session")).singleElement().asString().contains("Max-Age=0");
        assertThat(browser.cookie("tessera_session")).isEmpty();
        assertThat(browser.get("/api/v1/whoami").statusCode()).isEqualTo(401);

        // The provider sends the browser back to the login page, which is open.
        HttpResponse<String> atProvider = browser.get(endSession.toString());
        assertThat(atProvider.statusCode()).isBetween(300, 399);
        assertThat(Browser.location(atProvider).toString()).startsWith(app.baseUrl() + "/login");
        assertThat(browser.get(Browser.location(atProvider).toString()).statusCode()).isEqualTo(200);
    }

    @Test
    void aBrowsersSignOutFormReachesTheProviderWithoutARedirectItsPolicyWouldBlock() throws Exception {
        Browser browser = app.browser();
        loginAtAuth0(browser, "lee@example.com", List.of("analysts"), "/");
        HttpResponse<String> home = browser.get("/", "Accept", "text/html");
        assertThat(home.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("form-action 'self'");

        // What a browser sends when the home page's form is submitted: a 303 to the provider would be checked
        // against form-action 'self' and blocked, so the answer is a page that moves on by itself.
        HttpResponse<String> logout = browser.post("/logout", "Origin", app.baseUrl(), "Accept", "text/html,*/*;q=0.8");
        assertThat(logout.statusCode()).as(logout.body()).isEqualTo(200);
        assertThat(logout.headers().firstValue("Location")).isEmpty();
        Matcher refresh = Pattern.compile("<meta http-equiv=\"refresh\" content=\"0;url=([^\"]+)\">").matcher(logout.body());
        assertThat(refresh.find()).as(logout.body()).isTrue();
        URI endSession = URI.create(refresh.group(1).replace("&amp;", "&"));
        assertThat(endSession.toString()).startsWith(idp.issuerUrl("auth0") + "/endsession");
        assertThat(OidcProviderFixture.queryParameters(endSession)).containsEntry("client_id", "tessera");
        assertThat(logout.body()).contains("href=\"" + refresh.group(1) + "\"");
        assertThat(browser.cookie("tessera_session")).isEmpty();
        assertThat(browser.get("/api/v1/whoami").statusCode()).isEqualTo(401);
    }
}
