package dev.tessera.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.EncryptedJWT;
import dev.tessera.auth.oidc.OidcAuthenticatorFactory.AccessTokenFormat;
import dev.tessera.auth.oidc.testing.OidcProviderFixture;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.testing.TestAuthEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Opaque tokens checked at user info, which cannot tell Tessera the audience: what can be refused is refused before
 * the provider is asked. {@code mock-oauth2-server}'s user info vouches for any token it signed, refresh and ID
 * tokens included, so each refusal here is Tessera's own.
 */
class OidcUserInfoTokensIT {

    private static OidcProviderFixture idp;
    private static Authenticator userInfo;

    @BeforeAll
    static void start() throws Exception {
        idp = OidcProviderFixture.start();
        OidcAuthenticatorFactory config = idp.factory("corp");
        config.setAccessTokenFormat(AccessTokenFormat.OPAQUE);
        userInfo = config.build(TestAuthEnvironment.of("corp"));
    }

    @AfterAll
    static void stop() {
        idp.close();
    }

    private static AuthOutcome check(String token) throws Exception {
        return userInfo.authenticate(new Credentials.Bearer(token));
    }

    private static String refusal(String token) throws Exception {
        AuthOutcome outcome = check(token);
        assertThat(outcome).isInstanceOf(AuthOutcome.Rejected.class);
        assertThat(((AuthOutcome.Rejected) outcome).challenge()).get().asString()
                .startsWith("Bearer error=\"invalid_token\"");
        return ((AuthOutcome.Rejected) outcome).reason();
    }

    @Test
    void anAccessTokenIsVouchedForByUserInfo() throws Exception {
        assertThat(check(idp.token("corp").subject("hana").claim("typ", "Bearer").sign()))
                .isInstanceOf(AuthOutcome.Accepted.class);
    }

    @Test
    void refreshAndIdTokensThatReadAsJwtsAreRefusedBeforeUserInfo() throws Exception {
        assertThat(refusal(idp.token("corp").claim("typ", "Refresh").sign())).contains("typ is Refresh");
        assertThat(refusal(idp.token("corp").claim("typ", "Offline").sign())).contains("typ is Offline");
        assertThat(refusal(idp.token("corp").claim("nonce", "n-0S6").sign())).contains("ID token");
        assertThat(refusal(idp.token("corp").claim("scope", null).sign())).contains("ID token");
        assertThat(refusal(idp.token("corp").type("logout+jwt").sign())).contains("header typ");
        // Values an attacker wrote are not echoed into the WWW-Authenticate header.
        assertThat(refusal(idp.token("corp").claim("typ", "Refresh\r\nSet-Cookie: x=y").sign()))
                .doesNotContain("\r", "\n", "Set-Cookie");
    }

    @Test
    void encryptedAndGarbageTokensAreLeftToTheProviderAndRefusedByIt() throws Exception {
        EncryptedJWT jwe = new EncryptedJWT(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM),
                idp.token("corp").claims());
        jwe.encrypt(new RSAEncrypter(new RSAKeyGenerator(2048).generate().toRSAPublicKey()));
        assertThat(refusal(jwe.serialize())).contains("does not accept");
        assertThat(refusal("a.b.c.d.e")).contains("does not accept");
        assertThat(refusal("2YotnFZFEjr1zCsicMWpAA")).contains("does not accept");
    }
}
