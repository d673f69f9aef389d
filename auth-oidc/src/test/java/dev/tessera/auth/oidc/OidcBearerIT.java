package dev.tessera.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.tessera.auth.oidc.testing.OidcProviderFixture;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.AuthenticatorFactory;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.testing.AuthenticatorContract;
import dev.tessera.auth.spi.testing.TestAuthEnvironment;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bearer JWTs against a real provider: the contract, roles claims, two providers, rotation and the attacks. */
class OidcBearerIT extends AuthenticatorContract {

    private static OidcProviderFixture idp;
    private static Authenticator auth0;
    private static Authenticator keycloak;

    @BeforeAll
    static void start() throws Exception {
        idp = OidcProviderFixture.start();
        OidcAuthenticatorFactory auth0Config = idp.factory("auth0");
        auth0Config.setRolesClaims(List.of(ClaimPath.of("https://example.com/roles")));
        auth0 = auth0Config.build(TestAuthEnvironment.of("auth0"));
        OidcAuthenticatorFactory keycloakConfig = idp.factory("keycloak");
        keycloakConfig.setRolesClaims(List.of(ClaimPath.of("realm_access", "roles")));
        keycloakConfig.setNameClaim("preferred_username");
        keycloak = keycloakConfig.build(TestAuthEnvironment.of("keycloak"));
    }

    @AfterAll
    static void stop() {
        idp.close();
    }

    @Override
    protected Authenticator authenticator() {
        return auth0;
    }

    @Override
    protected Class<? extends AuthenticatorFactory> factoryClass() {
        return OidcAuthenticatorFactory.class;
    }

    @Override
    protected String typeName() {
        return "oidc";
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return Map.of("type", "oidc", "providerId", "x", "issuerUrl", "https://idp.example/", "clientId", "c");
    }

    @Override
    protected Map<String, Object> configWithSecrets() {
        Map<String, Object> config = new HashMap<>(minimalConfig());
        config.put("clientSecret", "oidc-client-secret");
        return config;
    }

    @Override
    protected Set<String> secrets() {
        return Set.of("oidc-client-secret");
    }

    /** A provider nothing answers for: a signed token of its issuer needs its keys, which cannot be fetched. */
    @Override
    protected Optional<ProviderDown> providerDown() throws Exception {
        String issuer = "http://localhost:" + closedPort() + "/down";
        OidcAuthenticatorFactory config = new OidcAuthenticatorFactory();
        config.setProviderId("down");
        config.setIssuerUrl(URI.create(issuer));
        config.setClientId("tessera");
        config.setClientSecret("secret");
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k").build(),
                new JWTClaimsSet.Builder().issuer(issuer).subject("x").audience("tessera").build());
        token.sign(new RSASSASigner(attackerKey("k")));
        return Optional.of(new ProviderDown(config.build(TestAuthEnvironment.of("down")), bearer(token.serialize())));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    protected Credentials goodCredentials() {
        return bearer(idp.token("auth0").subject("alice").sign());
    }

    @Override
    protected String expectedUsername() {
        return "alice";
    }

    @Override
    protected Credentials badCredentials() throws Exception {
        return bearer(idp.token("auth0").signedWith(attackerKey(idp.signingKey("auth0").getKeyID())).sign());
    }

    private static Credentials bearer(String token) {
        return new Credentials.Bearer(token);
    }

    private static RSAKey attackerKey(String kid) throws Exception {
        return new RSAKeyGenerator(2048).keyID(kid).generate();
    }

    private static AuthOutcome.Rejected rejected(Authenticator authenticator, String token) throws Exception {
        AuthOutcome outcome = authenticator.authenticate(bearer(token));
        assertThat(outcome).isInstanceOf(AuthOutcome.Rejected.class);
        AuthOutcome.Rejected rejected = (AuthOutcome.Rejected) outcome;
        assertThat(rejected.challenge()).get().asString().startsWith("Bearer error=\"invalid_token\"");
        return rejected;
    }

    private static AuthOutcome.Accepted accepted(Authenticator authenticator, String token) throws Exception {
        AuthOutcome outcome = authenticator.authenticate(bearer(token));
        assertThat(outcome).isInstanceOf(AuthOutcome.Accepted.class);
        return (AuthOutcome.Accepted) outcome;
    }

    @Test
    void namespacedRolesAndAttributesComeFromTheToken() throws Exception {
        String token = idp.token("auth0").subject("bob")
                .claim("https://example.com/roles", List.of("Atoti user", "analyst"))
                .claim("email", "bob@example.com").claim("name", "Bob B.").sign();
        var identity = accepted(auth0, token).identity();
        assertThat(identity.username()).isEqualTo("bob");
        assertThat(identity.backend()).isEqualTo("auth0");
        assertThat(identity.providerRoles()).containsExactlyInAnyOrder("Atoti user", "analyst");
        assertThat(identity.attributes()).containsEntry("email", "bob@example.com").containsEntry("displayName", "Bob B.");
    }

    @Test
    void nestedRolesAndAnotherNameClaim() throws Exception {
        String token = idp.token("keycloak").subject("f81d4fae").claim("preferred_username", "carol")
                .claim("realm_access", Map.of("roles", List.of("sales", "offline_access"))).sign();
        var identity = accepted(keycloak, token).identity();
        assertThat(identity.username()).isEqualTo("carol");
        assertThat(identity.providerRoles()).containsExactlyInAnyOrder("sales", "offline_access");
    }

    @Test
    void aTokenWithoutTheNameClaimIsRejected() throws Exception {
        assertThat(rejected(keycloak, idp.token("keycloak").sign()).reason()).contains("preferred_username");
    }

    @Test
    void twoProvidersEachTakeOnlyTheirIssuersTokens() throws Exception {
        String fromKeycloak = idp.token("keycloak").claim("preferred_username", "dave").sign();
        assertThat(auth0.authenticate(bearer(fromKeycloak))).isInstanceOf(AuthOutcome.NotMine.class);
        assertThat(accepted(keycloak, fromKeycloak).identity().username()).isEqualTo("dave");
        assertThat(keycloak.authenticate(goodCredentials())).isInstanceOf(AuthOutcome.NotMine.class);
    }

    @Test
    void somethingThatIsNotAJwtIsNotMine() throws Exception {
        assertThat(auth0.authenticate(bearer("2YotnFZFEjr1zCsicMWpAA"))).isInstanceOf(AuthOutcome.NotMine.class);
    }

    @Test
    void algNoneIsRejected() throws Exception {
        PlainJWT unsigned = new PlainJWT(idp.token("auth0").claims());
        assertThat(rejected(auth0, unsigned.serialize()).reason()).contains("alg none");
    }

    @Test
    void hs256SignedWithThePublicKeyIsRejected() throws Exception {
        RSAKey published = idp.signingKey("auth0").toPublicJWK();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(published.getKeyID()).build(),
                idp.token("auth0").claims());
        forged.sign(new MACSigner(published.toRSAPublicKey().getEncoded()));
        rejected(auth0, forged.serialize());
    }

    @Test
    void aSignatureByAnotherKeyWithTheRightKidIsRejected() throws Exception {
        assertThat(rejected(auth0, ((Credentials.Bearer) badCredentials()).token()).reason()).containsIgnoringCase("signature");
    }

    @Test
    void wrongAudienceIsRejected() throws Exception {
        assertThat(rejected(auth0, idp.token("auth0").audience("another-api").sign()).reason()).contains("aud");
    }

    @Test
    void missingAudienceIsRejected() throws Exception {
        assertThat(rejected(auth0, idp.token("auth0").audience().sign()).reason()).contains("aud");
    }

    @Test
    void anotherIssuerIsNotMineEvenWithAValidSignature() throws Exception {
        String token = idp.token("auth0").issuer(idp.issuerUrl("auth0") + "/").sign();
        assertThat(auth0.authenticate(bearer(token))).isInstanceOf(AuthOutcome.NotMine.class);
    }

    @Test
    void expiredIsRejectedBeyondTheSkew() throws Exception {
        rejected(auth0, idp.token("auth0").expiredSince(Duration.ofMinutes(2)).sign());
        accepted(auth0, idp.token("auth0").expiredSince(Duration.ofSeconds(20)).sign());
    }

    @Test
    void notBeforeInTheFutureIsRejectedBeyondTheSkew() throws Exception {
        rejected(auth0, idp.token("auth0").notBefore(Instant.now().plus(Duration.ofMinutes(5))).sign());
        accepted(auth0, idp.token("auth0").notBefore(Instant.now().plus(Duration.ofSeconds(20))).sign());
    }

    @Test
    void idTokensAreNotAccessTokens() throws Exception {
        // Carries a nonce: only ID tokens do.
        assertThat(rejected(auth0, idp.token("auth0").claim("nonce", "n-0S6_WzA2Mj").sign()).reason()).contains("ID token");
        // Addressed to our client id and granting nothing: an ID token's shape.
        assertThat(rejected(auth0, idp.token("auth0").claim("scope", null).sign()).reason()).contains("ID token");
        // A header type that is neither JWT nor at+jwt.
        rejected(auth0, idp.token("auth0").type("id_token+jwt").sign());
        // RFC 9068 typing says access token, whatever the claims.
        accepted(auth0, idp.token("auth0").type("at+jwt").claim("scope", null).sign());
        // An API audience (Auth0's usual set-up) needs no scope claim.
        OidcAuthenticatorFactory api = idp.factory("auth0");
        api.setAudience("https://api.example.com");
        accepted(api.build(TestAuthEnvironment.of("api")),
                idp.token("auth0").audience("https://api.example.com").claim("scope", null).sign());
    }

    @Test
    void keysRotatedByTheProviderAreFetchedOnUnknownKid() throws Exception {
        Authenticator rotating = idp.factory("rotating").build(TestAuthEnvironment.of("rotating"));
        accepted(rotating, idp.token("rotating").sign());
        RSAKey next = idp.rotateKeys("rotating");
        String afterRotation = idp.token("rotating").sign();
        assertThat(SignedJWT.parse(afterRotation).getHeader().getKeyID()).isEqualTo(next.getKeyID());
        accepted(rotating, afterRotation);
        // Refetches are now spent for this minute: another unknown kid is refused, not a 503, and costs no fetch.
        String unknownKid = idp.token("rotating").signedWith(attackerKey("forged-kid")).sign();
        rejected(rotating, unknownKid);
        accepted(rotating, idp.token("rotating").sign());
    }

    @Test
    void anEncryptedTokenIsRejectedNotAnError() throws Exception {
        // A JWE (five parts) with this issuer's claims inside, which Tessera has no key to read.
        EncryptedJWT jwe = new EncryptedJWT(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM),
                idp.token("auth0").claims());
        jwe.encrypt(new RSAEncrypter(new RSAKeyGenerator(2048).generate().toRSAPublicKey()));
        assertThat(rejected(auth0, jwe.serialize()).reason()).contains("JWE");
    }

    @Test
    void tokensThatCannotBeReadAreRefusedNeverAnError() throws Exception {
        String issuer = idp.issuerUrl("auth0").toString();
        String claims = "{\"iss\":\"" + issuer + "\",\"sub\":\"alice\",\"aud\":\"tessera\",\"exp\":4102444800}";
        List<String> unreadable = List.of(
                "a.b.c.d.e",
                base64("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\"}") + ".x.y.z.w",
                base64("{\"alg\":\"dir\",\"enc\":\"A128CBC-HS256\"}") + "..AAAA.AAAA.AAAA",
                base64("{\"alg\":\"RS256\"}") + "." + base64("not json") + ".c2ln",
                base64("{\"alg\":\"RS256\",\"kid\":12}") + "." + base64(claims) + ".c2ln",
                base64("{\"alg\":\"RS256\",\"crit\":[\"exp\"]}") + "." + base64(claims) + ".c2ln",
                base64("{\"alg\":\"ES256\"}") + "." + base64(claims) + ".c2ln",
                base64("{\"alg\":\"RS256\"}") + "." + base64(claims.replace("4102444800", "\"soon\"")) + ".c2ln",
                "..", "....", "a.b", "e30.e30.e30.e30.e30");
        for (String token : unreadable) {
            assertThat(auth0.authenticate(bearer(token))).as(token)
                    .isInstanceOfAny(AuthOutcome.NotMine.class, AuthOutcome.Rejected.class);
        }
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anExpiryFarInTheFutureIsAcceptedAndCached() throws Exception {
        String year9999 = idp.token("auth0").subject("methuselah")
                .expiresAt(Instant.parse("9999-12-31T23:59:59Z")).sign();
        assertThat(accepted(auth0, year9999).identity().username()).isEqualTo("methuselah");
        assertThat(accepted(auth0, year9999).identity().username()).isEqualTo("methuselah"); // from the cache
        String farther = idp.token("auth0").subject("methuselah").claim("exp", Long.MAX_VALUE / 1000).sign();
        assertThat(auth0.authenticate(bearer(farther)))
                .isInstanceOfAny(AuthOutcome.Accepted.class, AuthOutcome.Rejected.class);
    }

    @Test
    void issuedInTheFutureIsRejectedBeyondTheSkew() throws Exception {
        String inFiveMinutes = idp.token("auth0").issuedAt(Instant.now().plus(Duration.ofMinutes(5))).sign();
        assertThat(rejected(auth0, inFiveMinutes).reason()).contains("iat");
        accepted(auth0, idp.token("auth0").issuedAt(Instant.now().plus(Duration.ofSeconds(20))).sign());
    }

    @Test
    void refreshAndOfflineTokensAreNotAccessTokens() throws Exception {
        assertThat(rejected(keycloak, idp.token("keycloak").claim("preferred_username", "carol").claim("typ", "Refresh")
                .sign()).reason()).contains("typ is Refresh");
        assertThat(rejected(keycloak, idp.token("keycloak").claim("preferred_username", "carol").claim("typ", "Offline")
                .type("at+jwt").sign()).reason()).contains("typ is Offline");
        assertThat(rejected(keycloak, idp.token("keycloak").claim("preferred_username", "carol").claim("typ", "ID")
                .sign()).reason()).contains("typ is ID");
        // Keycloak's access tokens say typ Bearer.
        accepted(keycloak, idp.token("keycloak").claim("preferred_username", "carol").claim("typ", "Bearer").sign());
    }
}
