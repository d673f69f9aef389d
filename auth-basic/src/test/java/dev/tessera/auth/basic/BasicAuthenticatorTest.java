package dev.tessera.auth.basic;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.tessera.auth.spi.AuthEnvironment;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.AuthenticatorFactory;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.LocalUsers;
import dev.tessera.auth.spi.testing.AuthenticatorContract;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class BasicAuthenticatorTest extends AuthenticatorContract {

    private final PasswordHasher hasher = new PasswordHasher();
    private final Map<String, String> hashes = new ConcurrentHashMap<>(Map.of("bob", hasher.hash("s3cret")));
    private final MetricRegistry metrics = new MetricRegistry();

    private Authenticator build(BasicAuthenticatorFactory factory) {
        LocalUsers users = username -> Optional.ofNullable(hashes.get(username));
        return factory.build(new AuthEnvironment() {
            @Override public String backendName() { return factory.name(); }
            @Override public MetricRegistry metrics() { return metrics; }
            @Override public LocalUsers localUsers() { return users; }
            @Override public Path dataDirectory() { return Path.of("target"); }
            @Override public Clock clock() { return Clock.systemUTC(); }
        });
    }

    @Override
    protected Authenticator authenticator() {
        return build(new BasicAuthenticatorFactory());
    }

    @Override
    protected Class<? extends AuthenticatorFactory> factoryClass() {
        return BasicAuthenticatorFactory.class;
    }

    @Override
    protected String typeName() {
        return "basic";
    }

    @Override
    protected Credentials goodCredentials() {
        return new Credentials.Password("bob", "s3cret");
    }

    @Override
    protected String expectedUsername() {
        return "bob";
    }

    @Override
    protected Credentials badCredentials() {
        return new Credentials.Password("bob", "wrong");
    }

    @Test
    void unknownUserAndWrongPasswordAnswerTheSame() throws Exception {
        Authenticator authenticator = authenticator();
        AuthOutcome unknown = authenticator.authenticate(new Credentials.Password("nobody", "s3cret"));
        AuthOutcome wrong = authenticator.authenticate(new Credentials.Password("bob", "nope"));
        assertThat(unknown).isEqualTo(wrong);
    }

    @Test
    void hashesAreArgon2idAndSalted() {
        String first = hasher.hash("same");
        assertThat(first).startsWith("$argon2id$");
        assertThat(hasher.hash("same")).isNotEqualTo(first);
        assertThat(hasher.verify("same", first)).isTrue();
        assertThat(hasher.verify("other", first)).isFalse();
        assertThat(hasher.verify("same", "plaintext")).isFalse();
    }

    @Test
    void successesAreCachedSoABurstDoesNotRehash() throws Exception {
        Authenticator authenticator = authenticator();
        authenticator.authenticate(goodCredentials());
        authenticator.authenticate(goodCredentials());
        assertThat(metrics.meter("tessera.auth.basic.cache.hits").getCount()).isEqualTo(1);
    }

    @Test
    void aChangedPasswordStopsWorkingOnceInvalidated() throws Exception {
        Authenticator authenticator = authenticator();
        authenticator.authenticate(goodCredentials());
        hashes.put("bob", hasher.hash("new-password"));
        authenticator.invalidate("bob");
        assertThat(authenticator.authenticate(goodCredentials())).isInstanceOf(AuthOutcome.Rejected.class);
    }
}
