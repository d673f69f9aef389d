package dev.tessera.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.tessera.auth.spi.AuthenticatorFactory;
import dev.tessera.auth.spi.DeprecatedKey;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.validation.BaseValidator;
import io.dropwizard.validation.ConstraintViolations;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OidcAuthenticatorFactoryTest {

    /** As Dropwizard's configuration factory sets it up: unknown keys are errors. */
    private static final ObjectMapper MAPPER = Jackson.newObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Validator VALIDATOR = BaseValidator.newValidator();

    private static OidcAuthenticatorFactory parse(String json) throws Exception {
        return (OidcAuthenticatorFactory) MAPPER.readValue(json, AuthenticatorFactory.class);
    }

    private static Set<String> violations(OidcAuthenticatorFactory factory) {
        // As Dropwizard prints them at start-up.
        Set<ConstraintViolation<OidcAuthenticatorFactory>> found = VALIDATOR.validate(factory);
        return Set.copyOf(ConstraintViolations.format(found));
    }

    private static final String AUTH0 = """
            {"type": "oidc", "providerId": "auth0", "issuerUrl": "https://example.eu.auth0.com/",
             "clientId": "abc", "clientSecret": "s3cret", "nameClaim": "email",
             "scopes": ["openid", "email", "profile"],
             "rolesClaims": ["https://example.com/roles", ["realm_access", "roles"]],
             "accessTokenFormat": "jwt", "tokenEndpointAuth": "client_secret_post", "clockSkew": "30s",
             "cache": {"ttl": "1m", "maxSize": 500}}
            """;

    @Test
    void theDesignExampleParsesAndValidates() throws Exception {
        OidcAuthenticatorFactory factory = parse(AUTH0);
        assertThat(violations(factory)).isEmpty();
        assertThat(factory.name()).isEqualTo("auth0");
        assertThat(factory.getRolesClaims()).containsExactly(ClaimPath.of("https://example.com/roles"),
                ClaimPath.of("realm_access", "roles"));
        assertThat(factory.getTokenEndpointAuth()).isEqualTo(OidcAuthenticatorFactory.TokenEndpointAuth.CLIENT_SECRET_POST);
        assertThat(factory.getClockSkew().toSeconds()).isEqualTo(30);
        assertThat(factory.expectedAudience()).isEqualTo("abc");
    }

    @Test
    void defaultsAreThoseDocumented() throws Exception {
        OidcAuthenticatorFactory factory = parse(
                "{\"type\":\"oidc\",\"providerId\":\"kc\",\"issuerUrl\":\"https://kc/realms/x\","
                        + "\"clientId\":\"c\",\"clientSecret\":\"s\"}");
        assertThat(factory.getScopes()).containsExactly("openid", "profile", "email");
        assertThat(factory.getNameClaim()).isEqualTo("sub");
        assertThat(factory.getAccessTokenFormat()).isEqualTo(OidcAuthenticatorFactory.AccessTokenFormat.JWT);
        assertThat(factory.getClockSkew().toSeconds()).isEqualTo(60);
        assertThat(factory.getJwksRefreshMinInterval().toMinutes()).isEqualTo(1);
        assertThat(factory.getRolesClaims()).isEmpty();
        assertThat(factory.getCache().getTtl().toMinutes()).isEqualTo(2);
        assertThat(factory.getCache().getMaxSize()).isEqualTo(10_000);
    }

    @Test
    void theCacheIsConfiguredLikeEveryOtherBackend() throws Exception {
        OidcAuthenticatorFactory factory = parse(AUTH0);
        assertThat(factory.getCache().getTtl().toMinutes()).isEqualTo(1);
        assertThat(factory.getCache().getMaxSize()).isEqualTo(500);
        assertThat(factory.deprecatedKeys()).isEmpty();
        assertThat(violations(parse(AUTH0.replace("\"1m\"", "\"2h\""))))
                .anySatisfy(m -> assertThat(m).contains("cache.ttl must be at most 1h"));
        OidcAuthenticatorFactory sizeOnly = parse(AUTH0.replace("\"ttl\": \"1m\", ", ""));
        assertThat(sizeOnly.getCache().getTtl().toMinutes()).as("a key left out keeps this backend's default").isEqualTo(2);
        assertThat(sizeOnly.getCache().getMaxSize()).isEqualTo(500);
    }

    @Test
    void theOldCacheKeyIsStillReadAndReportedAsDeprecated() throws Exception {
        OidcAuthenticatorFactory factory = parse(AUTH0.replace("\"cache\": {\"ttl\": \"1m\", \"maxSize\": 500}",
                "\"opaqueCacheTtl\": \"5m\""));
        assertThat(violations(factory)).isEmpty();
        assertThat(factory.getCache().getTtl().toMinutes()).isEqualTo(5);
        assertThat(factory.deprecatedKeys()).containsExactly(new DeprecatedKey("opaqueCacheTtl", "cache.ttl"));
        assertThat(violations(parse(AUTH0.replace("\"cache\"", "\"opaqueCacheTtl\": \"5m\", \"cache\""))))
                .anySatisfy(m -> assertThat(m).contains("opaqueCacheTtl is the old spelling of cache: { ttl }"));
    }

    @Test
    void anExplicitNameWinsOverTheProviderId() throws Exception {
        OidcAuthenticatorFactory factory = parse(AUTH0.replace("\"providerId\"", "\"name\": \"corp\", \"providerId\""));
        assertThat(factory.name()).isEqualTo("corp");
    }

    @Test
    void crossFieldMistakesAreNamedByTheirKeys() throws Exception {
        OidcAuthenticatorFactory factory = parse(AUTH0);
        factory.setClientSecret(null);
        factory.setScopes(List.of("email"));
        factory.setIntrospection(true);
        assertThat(violations(factory))
                .anySatisfy(m -> assertThat(m).contains("clientSecret is required unless tokenEndpointAuth is private_key_jwt"))
                .anySatisfy(m -> assertThat(m).contains("scopes must include openid"))
                .anySatisfy(m -> assertThat(m).contains("introspection applies only to accessTokenFormat: opaque"));
    }

    @Test
    void privateKeyJwtNeedsAKeyFileAndNoCertificateMode() throws Exception {
        OidcAuthenticatorFactory factory = parse(AUTH0.replace("client_secret_post", "private_key_jwt"));
        factory.setUseClientSecretAsCertificate(true);
        assertThat(violations(factory))
                .anySatisfy(m -> assertThat(m).contains(
                        "privateKey (a PEM PKCS#8 file) must be set when tokenEndpointAuth is private_key_jwt"))
                .anySatisfy(m -> assertThat(m).contains("useClientSecretAsCertificate cannot be combined"));
    }

    @Test
    void badValuesGiveActionableMessages() throws Exception {
        OidcAuthenticatorFactory factory = parse(AUTH0.replace("\"auth0\"", "\"auth 0\"")
                .replace("https://example.eu.auth0.com/", "example.eu.auth0.com").replace("30s", "10m"));
        assertThat(violations(factory))
                .anySatisfy(m -> assertThat(m).startsWith("providerId may hold only letters"))
                .anySatisfy(m -> assertThat(m).contains("issuerUrl must be an absolute http(s) URL"))
                .anySatisfy(m -> assertThat(m).startsWith("clockSkew"));
    }

    @Test
    void unknownKeysAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse(AUTH0.replace("\"nameClaim\"", "\"nameclaim\"")))
                .isInstanceOf(UnrecognizedPropertyException.class);
    }

    @Test
    void theSecretIsNeverPrintedNorWritten() throws Exception {
        OidcAuthenticatorFactory factory = parse(AUTH0);
        assertThat(factory.toString()).doesNotContain("s3cret");
        assertThat(MAPPER.writeValueAsString(factory)).doesNotContain("s3cret");
        assertThat(factory.getClientSecret()).isEqualTo("s3cret");
    }

    @Test
    void loginStateIsCompactAndRoundTrips() {
        LoginState state = LoginState.fresh(Instant.ofEpochSecond(1_700_000_000));
        String encoded = state.encode();
        assertThat(encoded.length()).isLessThan(200);
        LoginState decoded = LoginState.decode(encoded).orElseThrow();
        assertThat(decoded.state()).isEqualTo(state.state());
        assertThat(decoded.nonce()).isEqualTo(state.nonce());
        assertThat(decoded.verifier().getValue()).isEqualTo(state.verifier().getValue());
        assertThat(decoded.begunAt()).isEqualTo(state.begunAt());
        assertThat(LoginState.decode("a.b.c")).isEmpty();
        assertThat(LoginState.decode(encoded + ".x")).isEmpty();
        assertThat(LoginState.decode(null)).isEmpty();
    }
}
