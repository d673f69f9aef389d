package dev.tessera.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.tessera.auth.oidc.OidcAuthenticatorFactory.AccessTokenFormat;
import dev.tessera.auth.oidc.testing.OidcProviderFixture;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.Credentials;
import org.junit.jupiter.api.Test;

/** Opaque tokens through RFC 7662 introspection (client-authenticated), with its audience check. */
class OidcIntrospectionIT {

    @Test
    void introspectionDecidesAndItsAudienceIsChecked() throws Exception {
        try (OidcProviderFixture idp = OidcProviderFixture.start()) {
            OidcAuthenticatorFactory config = idp.factory("corp");
            config.setAccessTokenFormat(AccessTokenFormat.OPAQUE);
            config.setIntrospection(true);
            Authenticator strict = config.build(new TestEnvironment("corp"));
            // mock-oauth2-server 2.3.0 renders "aud" as the string "[tessera]"; expect exactly that to see a success.
            config.setAudience("[tessera]");
            Authenticator lenient = config.build(new TestEnvironment("corp"));

            String token = idp.token("corp").subject("zed").sign();
            AuthOutcome accepted = lenient.authenticate(new Credentials.Bearer(token));
            assertThat(accepted).isInstanceOf(AuthOutcome.Accepted.class);
            assertThat(((AuthOutcome.Accepted) accepted).identity().username()).isEqualTo("zed");

            AuthOutcome wrongAudience = strict.authenticate(new Credentials.Bearer(token));
            assertThat(wrongAudience).isInstanceOf(AuthOutcome.Rejected.class);
            assertThat(((AuthOutcome.Rejected) wrongAudience).reason()).contains("aud");

            String inactive = idp.token("corp").signedWith(new RSAKeyGenerator(2048).keyID("corp").generate()).sign();
            assertThat(lenient.authenticate(new Credentials.Bearer(inactive))).isInstanceOf(AuthOutcome.Rejected.class);
        }
    }
}
