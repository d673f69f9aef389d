package dev.tessera.auth.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingAuthenticatorTest {

    /** Counts calls; accepts "good", rejects anything else. */
    private static final class CountingAuthenticator implements Authenticator {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Set<CredentialKind> accepts() {
            return Set.of(CredentialKind.PASSWORD);
        }

        @Override
        public String challenge() {
            return "Basic realm=\"test\"";
        }

        @Override
        public AuthOutcome authenticate(Credentials credentials) {
            calls.incrementAndGet();
            Credentials.Password password = (Credentials.Password) credentials;
            return password.password().equals("good")
                    ? AuthOutcome.accepted(Identity.of(password.username(), "test"))
                    : AuthOutcome.rejected("invalid username or password");
        }
    }

    private final CountingAuthenticator delegate = new CountingAuthenticator();
    private final MetricRegistry metrics = new MetricRegistry();
    private final CachingAuthenticator caching =
            new CachingAuthenticator(delegate, Duration.ofMinutes(1), 100, metrics, "auth.test");

    @Test
    void successIsCached() throws Exception {
        caching.authenticate(new Credentials.Password("bob", "good"));
        caching.authenticate(new Credentials.Password("bob", "good"));
        assertThat(delegate.calls).hasValue(1);
        assertThat(metrics.meter("auth.test.cache.hits").getCount()).isEqualTo(1);
    }

    @Test
    void failureIsNeverCached() throws Exception {
        caching.authenticate(new Credentials.Password("bob", "bad"));
        caching.authenticate(new Credentials.Password("bob", "bad"));
        assertThat(delegate.calls).hasValue(2);
    }

    @Test
    void aDifferentPasswordIsNotServedFromTheCache() throws Exception {
        caching.authenticate(new Credentials.Password("bob", "good"));
        AuthOutcome other = caching.authenticate(new Credentials.Password("bob", "bad"));
        assertThat(other).isInstanceOf(AuthOutcome.Rejected.class);
    }

    @Test
    void invalidateForgetsTheUser() throws Exception {
        caching.authenticate(new Credentials.Password("bob", "good"));
        caching.invalidate("bob");
        caching.authenticate(new Credentials.Password("bob", "good"));
        assertThat(delegate.calls).hasValue(2);
    }
}
