package dev.tessera.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tessera.auth.oidc.OidcAuthenticatorFactory.AccessTokenFormat;
import dev.tessera.auth.oidc.testing.IntrospectingProvider;
import dev.tessera.auth.oidc.testing.OidcProviderFixture;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.testing.TestAuthEnvironment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Opaque tokens through RFC 7662 introspection (client-authenticated): the answer must be active, name Tessera as
 * audience ({@code aud}, or {@code azp} as Keycloak answers) and describe an access token. Keycloak's answers are
 * played by {@link IntrospectingProvider}; one test also goes through {@code mock-oauth2-server}'s endpoint.
 */
class OidcIntrospectionIT {

    private static IntrospectingProvider keycloak;
    private static Authenticator tessera;

    @BeforeAll
    static void start() throws Exception {
        keycloak = IntrospectingProvider.start();
        OidcAuthenticatorFactory config = keycloak.factory("keycloak");
        config.setNameClaim("preferred_username");
        config.setRolesClaims(List.of(ClaimPath.of("realm_access", "roles")));
        tessera = config.build(TestAuthEnvironment.of("keycloak"));
    }

    @AfterAll
    static void stop() {
        keycloak.close();
    }

    /** What Keycloak answers for an active token of {@code azp}, with the given {@code typ} and {@code aud}. */
    private static Map<String, Object> keycloakAnswer(String azp, String typ, Object aud) {
        Map<String, Object> answer = new HashMap<>(Map.of("active", true, "azp", azp, "client_id", azp, "typ", typ,
                "sub", "f81d4fae", "preferred_username", "carol", "scope", "openid profile",
                "iss", keycloak.issuerUrl().toString(), "realm_access", Map.of("roles", List.of("sales"))));
        if (aud != null) {
            answer.put("aud", aud);
        }
        return answer;
    }

    private static AuthOutcome check(Authenticator authenticator, String token) throws Exception {
        return authenticator.authenticate(new Credentials.Bearer(token));
    }

    private static AuthOutcome.Rejected rejected(String token) throws Exception {
        AuthOutcome outcome = check(tessera, token);
        assertThat(outcome).as(token).isInstanceOf(AuthOutcome.Rejected.class);
        AuthOutcome.Rejected rejected = (AuthOutcome.Rejected) outcome;
        assertThat(rejected.challenge()).get().asString().startsWith("Bearer error=\"invalid_token\"");
        return rejected;
    }

    @Test
    void aTokenIssuedToTesseraIsAcceptedByItsAzpOrAud() throws Exception {
        keycloak.answer("kc-tessera", keycloakAnswer("tessera", "Bearer", "account"));
        AuthOutcome outcome = check(tessera, "kc-tessera");
        assertThat(outcome).isInstanceOf(AuthOutcome.Accepted.class);
        assertThat(((AuthOutcome.Accepted) outcome).identity().username()).isEqualTo("carol");
        assertThat(((AuthOutcome.Accepted) outcome).identity().providerRoles()).containsExactly("sales");

        keycloak.answer("kc-for-tessera-api",
                keycloakAnswer("reporting-tool", "Bearer", List.of("account", "tessera")));
        assertThat(check(tessera, "kc-for-tessera-api")).isInstanceOf(AuthOutcome.Accepted.class);
        // The RFC 7662 token_type of an access token is Bearer.
        Map<String, Object> rfc7662 = new HashMap<>(keycloakAnswer("tessera", "Bearer", "tessera"));
        rfc7662.remove("typ");
        rfc7662.put("token_type", "Bearer");
        keycloak.answer("rfc7662-bearer", rfc7662);
        assertThat(check(tessera, "rfc7662-bearer")).isInstanceOf(AuthOutcome.Accepted.class);
    }

    @Test
    void aTokenOfAnotherClientIsRefused() throws Exception {
        // Keycloak's admin-cli tokens carry no aud at all.
        keycloak.answer("kc-admin-cli", keycloakAnswer("admin-cli", "Bearer", null));
        assertThat(rejected("kc-admin-cli").reason()).contains("aud").contains("azp").contains("tessera");
        keycloak.answer("kc-other-app",
                keycloakAnswer("reporting-tool", "Bearer", List.of("account", "reporting-api")));
        rejected("kc-other-app");
        keycloak.answer("kc-aud-as-string-of-another", keycloakAnswer("reporting-tool", "Bearer", "account"));
        rejected("kc-aud-as-string-of-another");
    }

    @Test
    void refreshOfflineAndIdTokensAreNotAccessTokens() throws Exception {
        keycloak.answer("kc-refresh", keycloakAnswer("tessera", "Refresh", keycloak.issuerUrl().toString()));
        assertThat(rejected("kc-refresh").reason()).contains("not an access token").contains("typ is Refresh");
        keycloak.answer("kc-offline", keycloakAnswer("tessera", "Offline", keycloak.issuerUrl().toString()));
        assertThat(rejected("kc-offline").reason()).contains("typ is Offline");
        // An ID token issued to Tessera names it in both aud and azp: only its typ gives it away.
        keycloak.answer("kc-id", keycloakAnswer("tessera", "ID", "tessera"));
        assertThat(rejected("kc-id").reason()).contains("typ is ID");

        Map<String, Object> refreshByType = new HashMap<>(keycloakAnswer("tessera", "Bearer", "tessera"));
        refreshByType.put("token_type", "refresh_token");
        keycloak.answer("rfc7662-refresh", refreshByType);
        assertThat(rejected("rfc7662-refresh").reason()).contains("token_type is refresh_token");
        Map<String, Object> refreshByUse = new HashMap<>(keycloakAnswer("tessera", "Bearer", "tessera"));
        refreshByUse.put("token_use", "refresh_token");
        keycloak.answer("hydra-refresh", refreshByUse);
        assertThat(rejected("hydra-refresh").reason()).contains("token_use is refresh_token");
        // A DPoP-bound token must not be honoured as a bearer token.
        Map<String, Object> dpop = new HashMap<>(keycloakAnswer("tessera", "Bearer", "tessera"));
        dpop.put("token_type", "DPoP");
        keycloak.answer("dpop-bound", dpop);
        rejected("dpop-bound");
    }

    @Test
    void inactiveAndUnknownTokensAreRefused() throws Exception {
        Map<String, Object> inactive = new HashMap<>(keycloakAnswer("tessera", "Bearer", "tessera"));
        inactive.put("active", false);
        keycloak.answer("kc-revoked", inactive);
        rejected("kc-revoked");
        rejected("never-issued");
    }

    @Test
    void aRefusedTokenIsAskedAboutEveryTimeAnAcceptedOneOnce() throws Exception {
        keycloak.answer("kc-admin-cli-twice", keycloakAnswer("admin-cli", "Bearer", null));
        rejected("kc-admin-cli-twice");
        rejected("kc-admin-cli-twice");
        assertThat(keycloak.introspections("kc-admin-cli-twice")).isEqualTo(2);

        keycloak.answer("kc-tessera-twice", keycloakAnswer("tessera", "Bearer", "account"));
        assertThat(check(tessera, "kc-tessera-twice")).isInstanceOf(AuthOutcome.Accepted.class);
        assertThat(check(tessera, "kc-tessera-twice")).isInstanceOf(AuthOutcome.Accepted.class);
        assertThat(keycloak.introspections("kc-tessera-twice")).isEqualTo(1);
    }

    @Test
    void aConfiguredAudienceMustBeInAud() throws Exception {
        OidcAuthenticatorFactory config = keycloak.factory("api");
        config.setNameClaim("preferred_username");
        config.setAudience("https://tessera.example/api");
        Authenticator api = config.build(TestAuthEnvironment.of("api"));
        keycloak.answer("kc-api", keycloakAnswer("reporting-tool", "Bearer", List.of("https://tessera.example/api")));
        assertThat(check(api, "kc-api")).isInstanceOf(AuthOutcome.Accepted.class);
        // Issued to Tessera's client, but not for the API the operator named.
        keycloak.answer("kc-client-only", keycloakAnswer("tessera", "Bearer", "account"));
        assertThat(check(api, "kc-client-only")).isInstanceOf(AuthOutcome.Rejected.class);
    }

    @Test
    void aJwtShapedRefreshTokenIsRefusedWithoutAskingTheProvider() throws Exception {
        // Keycloak's tokens are JWTs Tessera can read, though in this mode it leaves their signature to the provider.
        SignedJWT refresh = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().issuer(keycloak.issuerUrl().toString())
                        .audience(keycloak.issuerUrl().toString()).subject("f81d4fae")
                        .claim("typ", "Refresh").claim("azp", "tessera").build());
        refresh.sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()));
        String token = refresh.serialize();
        keycloak.answer(token, keycloakAnswer("tessera", "Bearer", "tessera")); // a provider that would vouch for it
        assertThat(rejected(token).reason()).contains("typ is Refresh");
        assertThat(keycloak.introspections(token)).isZero();
    }

    @Test
    void mockOauth2ServersIntrospectionAnswersAreCheckedToo() throws Exception {
        try (OidcProviderFixture idp = OidcProviderFixture.start()) {
            OidcAuthenticatorFactory config = idp.factory("corp");
            config.setAccessTokenFormat(AccessTokenFormat.OPAQUE);
            config.setIntrospection(true);
            Authenticator strict = config.build(TestAuthEnvironment.of("corp"));
            // mock-oauth2-server 2.3.0 renders "aud" as the string "[tessera]", and every claim the token lacks as the
            // string "null" (token_type among them): expect that audience, and give the token a token_type.
            config.setAudience("[tessera]");
            Authenticator lenient = config.build(TestAuthEnvironment.of("corp"));

            String token = idp.token("corp").subject("zed").claim("token_type", "Bearer").sign();
            AuthOutcome accepted = lenient.authenticate(new Credentials.Bearer(token));
            assertThat(accepted).isInstanceOf(AuthOutcome.Accepted.class);
            assertThat(((AuthOutcome.Accepted) accepted).identity().username()).isEqualTo("zed");

            AuthOutcome wrongAudience = strict.authenticate(new Credentials.Bearer(token));
            assertThat(wrongAudience).isInstanceOf(AuthOutcome.Rejected.class);
            assertThat(((AuthOutcome.Rejected) wrongAudience).reason()).contains("aud");

            String untyped = idp.token("corp").subject("zed").sign();
            assertThat(((AuthOutcome.Rejected) lenient.authenticate(new Credentials.Bearer(untyped))).reason())
                    .contains("token_type");
            String inactive = idp.token("corp").claim("token_type", "Bearer")
                    .signedWith(new RSAKeyGenerator(2048).keyID("corp").generate()).sign();
            assertThat(lenient.authenticate(new Credentials.Bearer(inactive))).isInstanceOf(AuthOutcome.Rejected.class);
        }
    }
}
