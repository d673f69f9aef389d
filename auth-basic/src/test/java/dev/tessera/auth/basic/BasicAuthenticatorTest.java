package dev.tessera.auth.basic;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.AuthenticatorFactory;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.LocalUsers;
import dev.tessera.auth.spi.ProviderUnavailableException;
import dev.tessera.auth.spi.testing.AuthenticatorContract;
import dev.tessera.auth.spi.testing.TestAuthEnvironment;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class BasicAuthenticatorTest extends AuthenticatorContract {

    private final PasswordHasher hasher = new PasswordHasher();
    private final Map<String, String> hashes = new ConcurrentHashMap<>(Map.of("bob", hasher.hash("s3cret")));
    private final MetricRegistry metrics = new MetricRegistry();

    private Authenticator build(BasicAuthenticatorFactory factory, LocalUsers users) {
        return factory.build(TestAuthEnvironment.of(factory.name()).withMetrics(metrics).withLocalUsers(users));
    }

    private Authenticator build(BasicAuthenticatorFactory factory) {
        return build(factory, username -> Optional.ofNullable(hashes.get(username)));
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

    /** Basic's provider is the server's store: one that cannot be read. */
    @Override
    protected Optional<ProviderDown> providerDown() {
        LocalUsers unreadable = username -> {
            throw new ProviderUnavailableException("basic", "the role store cannot be read", null);
        };
        return Optional.of(new ProviderDown(build(new BasicAuthenticatorFactory(), unreadable), goodCredentials()));
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
