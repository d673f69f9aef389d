package dev.tessera.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.tessera.auth.oidc.OidcAuthenticatorFactory.AccessTokenFormat;
import dev.tessera.auth.oidc.testing.OidcProviderFixture;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.CacheSettings;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.ProviderUnavailableException;
import dev.tessera.auth.spi.testing.TestAuthEnvironment;
import io.dropwizard.util.Duration;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Opaque tokens through user info, their cache, and what happens when the provider goes away. */
class OidcOutageIT {

    private static Credentials bearer(String token) {
        return new Credentials.Bearer(token);
    }

    @Test
    void opaqueTokensAreCheckedByUserInfoCachedAnd503WhenTheProviderIsDown() throws Exception {
        OidcProviderFixture idp = OidcProviderFixture.start();
        try {
            OidcAuthenticatorFactory opaqueConfig = idp.factory("corp");
            opaqueConfig.setAccessTokenFormat(AccessTokenFormat.OPAQUE);
            opaqueConfig.setRolesClaims(List.of(ClaimPath.of("groups")));
            opaqueConfig.setCache(new CacheSettings(Duration.minutes(5), 100));
            Authenticator opaque = opaqueConfig.build(TestAuthEnvironment.of("corp"));
            Authenticator jwt = idp.factory("corp").build(TestAuthEnvironment.of("corp-jwt"));

            String first = idp.token("corp").subject("erin").claim("groups", List.of("finance")).sign();
            String second = idp.token("corp").subject("frank").sign();
            String laterJwt = idp.token("corp").subject("gina").sign();
            AuthOutcome outcome = opaque.authenticate(bearer(first));
            assertThat(outcome).isInstanceOf(AuthOutcome.Accepted.class);
            assertThat(((AuthOutcome.Accepted) outcome).identity().providerRoles()).containsExactly("finance");
            // A token the provider does not honour is refused, and refusals are not cached.
            String forged = idp.token("corp").signedWith(new RSAKeyGenerator(2048).keyID("corp").generate()).sign();
            assertThat(opaque.authenticate(bearer(forged))).isInstanceOf(AuthOutcome.Rejected.class);
            // A JWT from another issuer is left to other backends, without asking anyone.
            assertThat(opaque.authenticate(bearer(idp.token("other").sign()))).isInstanceOf(AuthOutcome.NotMine.class);
            assertThat(jwt.authenticate(bearer(first))).isInstanceOf(AuthOutcome.Accepted.class); // JWKS now cached

            idp.close();

            // Served from the cache: the provider is not asked (it could not answer).
            assertThat(opaque.authenticate(bearer(first))).isInstanceOf(AuthOutcome.Accepted.class);
            // A token not seen before cannot be checked: 503, not 401.
            assertThatThrownBy(() -> opaque.authenticate(bearer(second)))
                    .isInstanceOf(ProviderUnavailableException.class)
                    .satisfies(e -> assertThat(((ProviderUnavailableException) e).backend()).isEqualTo("corp"));
            // JWTs keep working from the cached keys.
            AuthOutcome fromCachedKeys = jwt.authenticate(bearer(laterJwt));
            assertThat(fromCachedKeys).isInstanceOf(AuthOutcome.Accepted.class);
            // A login cannot start: the provider is checked live, so the user gets Tessera's page, not a dead link.
            assertThatThrownBy(() -> opaque.browserLogin().orElseThrow().begin(URI.create("http://localhost:8080/cb")))
                    .isInstanceOf(ProviderUnavailableException.class);
            // After an admin change, the cached identity is forgotten.
            opaque.invalidate("erin");
            assertThatThrownBy(() -> opaque.authenticate(bearer(first))).isInstanceOf(ProviderUnavailableException.class);
        } finally {
            idp.close();
        }
    }

    @Test
    void theServerStartsWhileTheProviderIsDownAndAnswers503() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        OidcAuthenticatorFactory config = new OidcAuthenticatorFactory();
        config.setProviderId("down");
        config.setIssuerUrl(URI.create("http://localhost:" + closedPort + "/down"));
        config.setClientId("tessera");
        config.setClientSecret("secret");
        Authenticator authenticator = config.build(TestAuthEnvironment.of("down"));

        String token = new com.nimbusds.jwt.PlainJWT(new com.nimbusds.jwt.JWTClaimsSet.Builder()
                .issuer("http://localhost:" + closedPort + "/down").build()).serialize();
        // Unsigned, so refused before any key is needed: no network involved.
        assertThat(authenticator.authenticate(bearer(token))).isInstanceOf(AuthOutcome.Rejected.class);
        String signed = signedFor("http://localhost:" + closedPort + "/down");
        assertThatThrownBy(() -> authenticator.authenticate(bearer(signed))).isInstanceOf(ProviderUnavailableException.class);
        assertThatThrownBy(() -> authenticator.browserLogin().orElseThrow().begin(URI.create("http://localhost:8080/cb")))
                .isInstanceOf(ProviderUnavailableException.class)
                .satisfies(e -> assertThat(((ProviderUnavailableException) e).backend()).isEqualTo("down"));
        assertThat(authenticator.browserLogin().orElseThrow().logoutRedirect(URI.create("http://localhost:8080/"))).isEmpty();
    }

    @Test
    void aWrongIssuerUrlFailsStartUpWithTheIssuerToUse() throws Exception {
        try (OidcProviderFixture idp = OidcProviderFixture.start()) {
            OidcAuthenticatorFactory config = idp.factory("corp");
            config.setIssuerUrl(URI.create(idp.issuerUrl("corp") + "/"));
            assertThatThrownBy(() -> config.build(TestAuthEnvironment.of("corp")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("set issuerUrl to exactly").hasMessageContaining(idp.issuerUrl("corp").toString());
        }
    }

    private static String signedFor(String issuer) throws Exception {
        var key = new RSAKeyGenerator(2048).keyID("k").generate();
        var jwt = new com.nimbusds.jwt.SignedJWT(
                new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256).keyID("k").build(),
                new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer(issuer).subject("x").audience("tessera").build());
        jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(key));
        return jwt.serialize();
    }
}
