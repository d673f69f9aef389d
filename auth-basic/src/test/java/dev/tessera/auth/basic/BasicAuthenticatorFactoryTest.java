package dev.tessera.auth.basic;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.auth.spi.AuthenticatorFactory;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.DeprecatedKey;
import dev.tessera.auth.spi.testing.TestAuthEnvironment;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.BaseValidator;
import jakarta.validation.ConstraintViolation;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code basic} entry as config.yml spells it: its cache, in the shape every backend shares. */
class BasicAuthenticatorFactoryTest {

    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();

    private static BasicAuthenticatorFactory parse(String json) throws Exception {
        return (BasicAuthenticatorFactory) MAPPER.readValue(json, AuthenticatorFactory.class);
    }

    @Test
    void theCacheIsConfiguredLikeEveryOtherBackend() throws Exception {
        BasicAuthenticatorFactory factory = parse("{\"type\":\"basic\",\"cache\":{\"ttl\":\"5m\",\"maxSize\":7}}");
        assertThat(factory.getCache().getTtl()).isEqualTo(Duration.minutes(5));
        assertThat(factory.getCache().getMaxSize()).isEqualTo(7);
        assertThat(factory.deprecatedKeys()).isEmpty();
    }

    @Test
    void theOldCacheKeysAreStillReadAndReportedAsDeprecated() throws Exception {
        BasicAuthenticatorFactory factory = parse("{\"type\":\"basic\",\"cacheTtl\":\"0s\",\"cacheMaxSize\":5}");
        assertThat(factory.getCache().isOff()).isTrue();
        assertThat(factory.getCache().getMaxSize()).isEqualTo(5);
        assertThat(factory.deprecatedKeys()).containsExactly(new DeprecatedKey("cacheTtl", "cache.ttl"),
                new DeprecatedKey("cacheMaxSize", "cache.maxSize"));
        assertThat(BaseValidator.newValidator().validate(factory)).isEmpty();
    }

    @Test
    void theOldAndTheNewSpellingTogetherAreRefused() throws Exception {
        BasicAuthenticatorFactory factory = parse("{\"type\":\"basic\",\"cacheTtl\":\"1m\",\"cache\":{\"ttl\":\"5m\"}}");
        assertThat(BaseValidator.newValidator().validate(factory)).extracting(ConstraintViolation::getMessage)
                .singleElement().asString().contains("cache: { ttl, maxSize }");
    }

    @Test
    void aCacheTtlOfZeroChecksEveryTime() throws Exception {
        MetricRegistry metrics = new MetricRegistry();
        Map<String, String> hashes = Map.of("bob", new PasswordHasher().hash("s3cret"));
        var authenticator = parse("{\"type\":\"basic\",\"cache\":{\"ttl\":\"0s\"}}").build(TestAuthEnvironment.of("basic")
                .withMetrics(metrics).withLocalUsers(username -> Optional.ofNullable(hashes.get(username))));
        authenticator.authenticate(new Credentials.Password("bob", "s3cret"));
        authenticator.authenticate(new Credentials.Password("bob", "s3cret"));
        assertThat(metrics.getMeters()).doesNotContainKey("tessera.auth.basic.cache.hits");
    }
}
