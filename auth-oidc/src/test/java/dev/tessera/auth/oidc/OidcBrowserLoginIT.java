package dev.tessera.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import dev.tessera.auth.oidc.testing.OidcProviderFixture;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.BrowserLogin;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.Identity;
import dev.tessera.auth.spi.LoginFailedException;
import dev.tessera.auth.spi.testing.TestAuthEnvironment;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The authorization code flow with PKCE, against a real provider, and the ways a callback can be wrong. */
class OidcBrowserLoginIT {

    private static final URI CALLBACK = URI.create("http://localhost:8080/login/oauth2/code/auth0");
    private static final String ROLES = "https://example.com/roles";

    private static OidcProviderFixture idp;
    private static OidcAuthenticatorFactory config;
    private static Authenticator authenticator;
    private static BrowserLogin login;

    @BeforeAll
    static void start() throws Exception {
        idp = OidcProviderFixture.start();
        config = idp.factory("auth0");
        config.setNameClaim("email");
        config.setRolesClaims(List.of(ClaimPath.of(ROLES)));
        authenticator = config.build(TestAuthEnvironment.of("auth0"));
        login = authenticator.browserLogin().orElseThrow();
    }

    @AfterAll
    static void stop() {
        idp.close();
    }

    private static Map<String, Object> bobClaims() {
        return Map.of("email", "bob@example.com", "name", "Bob", ROLES, List.of("Atoti user"));
    }

    @Test
    void theWholeFlowGivesTheUserWithRolesFromTheIdToken() throws Exception {
        BrowserLogin.LoginRedirect redirect = login.begin(CALLBACK);
        Map<String, String> request = OidcProviderFixture.queryParameters(redirect.location());
        assertThat(redirect.location().toString()).startsWith(idp.issuerUrl("auth0") + "/authorize");
        assertThat(request).containsEntry("response_type", "code").containsEntry("client_id", "tessera")
                .containsEntry("code_challenge_method", "S256").containsEntry("redirect_uri", CALLBACK.toString())
                .containsKeys("state", "nonce", "code_challenge");
        assertThat(request.get("scope").split(" ")).containsExactlyInAnyOrder("openid", "profile", "email");
        assertThat(redirect.state()).doesNotContain(request.get("code_challenge")).hasSizeLessThan(200);

        idp.enqueueLogin("auth0", "auth0|bob", bobClaims());
        Identity identity = login.complete(idp.authorize(redirect.location()), redirect.state(), CALLBACK);

        assertThat(identity.username()).isEqualTo("bob@example.com");
        assertThat(identity.backend()).isEqualTo("auth0");
        assertThat(identity.providerRoles()).containsExactly("Atoti user");
        assertThat(identity.attributes()).containsEntry("email", "bob@example.com").containsEntry("displayName", "Bob");
    }

    @Test
    void userInfoIsReadWhenConfiguredAndMustBeAboutTheSameUser() throws Exception {
        OidcAuthenticatorFactory withUserInfo = idp.factory("auth0");
        withUserInfo.setUserInfo(true);
        withUserInfo.setRolesClaims(List.of(ClaimPath.of(ROLES)));
        BrowserLogin userInfoLogin = withUserInfo.build(TestAuthEnvironment.of("auth0")).browserLogin().orElseThrow();
        BrowserLogin.LoginRedirect redirect = userInfoLogin.begin(CALLBACK);
        idp.enqueueLogin("auth0", "auth0|bob", bobClaims());
        Identity identity = userInfoLogin.complete(idp.authorize(redirect.location()), redirect.state(), CALLBACK);
        assertThat(identity.username()).isEqualTo("auth0|bob");
        assertThat(identity.providerRoles()).containsExactly("Atoti user");
    }

    @Test
    void aCallbackWithAnotherStateIsRefused() throws Exception {
        BrowserLogin.LoginRedirect mine = login.begin(CALLBACK);
        BrowserLogin.LoginRedirect attackers = login.begin(CALLBACK);
        // The attacker's callback (code and state of the attacker's login) lands in my browser.
        Map<String, String> callback = idp.authorize(attackers.location());
        assertThatThrownBy(() -> login.complete(callback, mine.state(), CALLBACK))
                .isInstanceOf(LoginFailedException.class).hasMessageContaining("state mismatch");
        Map<String, String> noState = new HashMap<>(callback);
        noState.remove("state");
        assertThatThrownBy(() -> login.complete(noState, attackers.state(), CALLBACK))
                .isInstanceOf(LoginFailedException.class).hasMessageContaining("state mismatch");
    }

    @Test
    void anIdTokenMintedForAnotherNonceIsRefused() throws Exception {
        BrowserLogin.LoginRedirect redirect = login.begin(CALLBACK);
        // Same state, but the code was obtained with another nonce (an injected or replayed code / ID token).
        String otherNonce = redirect.location().toString().replaceFirst("nonce=[^&]+", "nonce=replayed-nonce-0123456789");
        idp.enqueueLogin("auth0", "auth0|bob", bobClaims());
        Map<String, String> callback = idp.authorize(URI.create(otherNonce));
        assertThatThrownBy(() -> login.complete(callback, redirect.state(), CALLBACK))
                .isInstanceOf(LoginFailedException.class).hasMessageContaining("nonce mismatch");
    }

    @Test
    void aCodeUsedTwiceIsRefused() throws Exception {
        BrowserLogin.LoginRedirect redirect = login.begin(CALLBACK);
        idp.enqueueLogin("auth0", "auth0|bob", bobClaims());
        Map<String, String> callback = idp.authorize(redirect.location());
        login.complete(callback, redirect.state(), CALLBACK);
        // mock-oauth2-server 2.3.0 answers a reused code with fresh tokens lacking the nonce; the nonce check stops it.
        assertThatThrownBy(() -> login.complete(callback, redirect.state(), CALLBACK))
                .isInstanceOf(LoginFailedException.class).hasMessageContaining("nonce");
    }

    @Test
    void aCodeTheProviderRefusesGivesAClearMessage() throws Exception {
        BrowserLogin.LoginRedirect redirect = login.begin(CALLBACK);
        Map<String, String> callback = idp.authorize(redirect.location());
        // Right state and nonce, wrong PKCE verifier: the provider answers invalid_grant, as it does to a reused code.
        LoginState saved = LoginState.decode(redirect.state()).orElseThrow();
        String tampered = new LoginState(saved.state(), saved.nonce(), new CodeVerifier(), saved.begunAt()).encode();
        assertThatThrownBy(() -> login.complete(callback, tampered, CALLBACK))
                .isInstanceOf(LoginFailedException.class).hasMessageContaining("refused the login code");
    }

    @Test
    void anErrorFromTheProviderIsShownSafely() throws Exception {
        BrowserLogin.LoginRedirect redirect = login.begin(CALLBACK);
        String state = OidcProviderFixture.queryParameters(redirect.location()).get("state");
        assertThatThrownBy(() -> login.complete(Map.of("error", "access_denied", "error_description",
                "<script>alert(1)</script>", "state", state), redirect.state(), CALLBACK))
                .isInstanceOf(LoginFailedException.class).hasMessageContaining("access_denied")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("<script>"));
        assertThatThrownBy(() -> login.complete(Map.of("error", "<b>x</b>", "state", state), redirect.state(), CALLBACK))
                .hasMessageNotContaining("<b>");
    }

    @Test
    void aMissingCodeAStateCookieFromElsewhereOrAStaleLoginAreRefused() throws Exception {
        BrowserLogin.LoginRedirect redirect = login.begin(CALLBACK);
        String state = OidcProviderFixture.queryParameters(redirect.location()).get("state");
        assertThatThrownBy(() -> login.complete(Map.of("state", state), redirect.state(), CALLBACK))
                .hasMessageContaining("no login code");
        assertThatThrownBy(() -> login.complete(Map.of("state", state, "code", "x"), "not-a-state", CALLBACK))
                .isInstanceOf(LoginFailedException.class);
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(11));
        BrowserLogin lateLogin = config.build(TestAuthEnvironment.of("auth0").withClock(later)).browserLogin().orElseThrow();
        assertThatThrownBy(() -> lateLogin.complete(Map.of("state", state, "code", "x"), redirect.state(), CALLBACK))
                .hasMessageContaining("took too long");
        assertThatThrownBy(() -> login.complete(Map.of("state", state, "code", "x", "iss", "https://evil.example/"),
                redirect.state(), CALLBACK)).hasMessageContaining("another identity provider");
    }

    @Test
    void theIdTokenFromTheFlowIsNotAcceptedAsABearerToken() throws Exception {
        BrowserLogin.LoginRedirect redirect = login.begin(CALLBACK);
        idp.enqueueLogin("auth0", "auth0|bob", bobClaims());
        Map<String, String> callback = idp.authorize(redirect.location());
        // Exchange the code ourselves to get hold of the ID token, as a client that leaked it would.
        LoginState saved = LoginState.decode(redirect.state()).orElseThrow();
        TokenRequest request = new TokenRequest.Builder(URI.create(idp.issuerUrl("auth0") + "/token"),
                new ClientSecretBasic(new ClientID("tessera"), new Secret("tessera-secret")),
                new AuthorizationCodeGrant(new AuthorizationCode(callback.get("code")), CALLBACK,
                        new CodeVerifier(saved.verifier().getValue()))).build();
        OIDCTokenResponse tokens = (OIDCTokenResponse) OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
        String idToken = tokens.getOIDCTokens().getIDTokenString();
        AuthOutcome outcome = authenticator.authenticate(new Credentials.Bearer(idToken));
        assertThat(outcome).isInstanceOf(AuthOutcome.Rejected.class);
        assertThat(((AuthOutcome.Rejected) outcome).reason()).contains("ID token");
    }

    @Test
    void logoutGoesToTheEndSessionEndpoint() {
        URI after = URI.create("http://localhost:8080/login?logout");
        URI logout = login.logoutRedirect(after).orElseThrow();
        assertThat(logout.toString()).startsWith(idp.issuerUrl("auth0") + "/endsession");
        assertThat(OidcProviderFixture.queryParameters(logout))
                .containsEntry("post_logout_redirect_uri", after.toString()).containsEntry("client_id", "tessera");
    }

    @Test
    void theCertificateGoesInAnXCertHeaderInsteadOfASecret() throws Exception {
        try (OidcProviderFixture own = OidcProviderFixture.start()) {
            String pem = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n";
            OidcAuthenticatorFactory certConfig = own.factory("cert");
            certConfig.setClientSecret(pem);
            certConfig.setUseClientSecretAsCertificate(true);
            BrowserLogin certLogin = certConfig.build(TestAuthEnvironment.of("cert")).browserLogin().orElseThrow();
            BrowserLogin.LoginRedirect redirect = certLogin.begin(CALLBACK);
            own.enqueueLogin("cert", "carl", Map.of());
            assertThat(certLogin.complete(own.authorize(redirect.location()), redirect.state(), CALLBACK).username())
                    .isEqualTo("carl");
            RecordedRequest tokenRequest = null;
            for (RecordedRequest r = own.server().takeRequest(1, TimeUnit.SECONDS); r != null;
                 r = own.server().takeRequest(1, TimeUnit.SECONDS)) {
                if (r.getPath().endsWith("/token")) {
                    tokenRequest = r;
                    break;
                }
            }
            assertThat(tokenRequest).isNotNull();
            assertThat(URLDecoder.decode(tokenRequest.getHeader("X-Cert"), StandardCharsets.UTF_8)).isEqualTo(pem);
            assertThat(tokenRequest.getHeader("X-Cert")).isEqualTo(URLEncoder.encode(pem, StandardCharsets.UTF_8));
            assertThat(tokenRequest.getHeader("Authorization")).isNull();
            assertThat(tokenRequest.getBody().readUtf8()).contains("client_id=tessera").doesNotContain("client_secret");
        }
    }

    @Test
    void privateKeyJwtSignsAFreshClientAssertion(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder()
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        java.nio.file.Path keyFile = java.nio.file.Files.writeString(dir.resolve("client.pem"), pem);
        try (OidcProviderFixture own = OidcProviderFixture.start()) {
            OidcAuthenticatorFactory pkjConfig = own.factory("pkj");
            pkjConfig.setClientSecret(null);
            pkjConfig.setTokenEndpointAuth(OidcAuthenticatorFactory.TokenEndpointAuth.PRIVATE_KEY_JWT);
            pkjConfig.setPrivateKey(keyFile);
            BrowserLogin pkjLogin = pkjConfig.build(TestAuthEnvironment.of("pkj")).browserLogin().orElseThrow();
            BrowserLogin.LoginRedirect redirect = pkjLogin.begin(CALLBACK);
            own.enqueueLogin("pkj", "paula", Map.of());
            assertThat(pkjLogin.complete(own.authorize(redirect.location()), redirect.state(), CALLBACK).username())
                    .isEqualTo("paula");
            String body = null;
            for (RecordedRequest r = own.server().takeRequest(1, TimeUnit.SECONDS); r != null;
                 r = own.server().takeRequest(1, TimeUnit.SECONDS)) {
                if (r.getPath().endsWith("/token")) {
                    body = r.getBody().readUtf8();
                    break;
                }
            }
            assertThat(body).contains("client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer")
                    .contains("client_assertion=ey");
        }
        java.nio.file.Path pkcs1 = java.nio.file.Files.writeString(dir.resolve("old.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAA\n");
        assertThatThrownBy(() -> ClientCredentials.readPrivateKey(pkcs1)).hasMessageContaining("openssl pkcs8 -topk8");
    }
}
