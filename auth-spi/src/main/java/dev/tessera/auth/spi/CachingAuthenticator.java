package dev.tessera.auth.spi;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Remembers successful password and bearer checks for a short while, so a burst of requests does not re-hash a
 * password or re-bind to a directory (Dropwizard's {@code CachingAuthenticator}, with two differences: the key
 * is a SHA-256 of the credential, never the plaintext, and only successes are kept, so a password that was just
 * changed stops working once the entry ages out or the user is invalidated).
 */
public final class CachingAuthenticator implements Authenticator {

    private final Authenticator delegate;
    private final Cache<String, AuthOutcome.Accepted> cache;
    private final Meter hits;
    private final Meter misses;

    public CachingAuthenticator(Authenticator delegate, Duration ttl, long maxSize, MetricRegistry metrics,
                                String metricPrefix) {
        this.delegate = delegate;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxSize).build();
        this.hits = metrics.meter(MetricRegistry.name(metricPrefix, "cache", "hits"));
        this.misses = metrics.meter(MetricRegistry.name(metricPrefix, "cache", "misses"));
    }

    @Override
    public Set<CredentialKind> accepts() {
        return delegate.accepts();
    }

    @Override
    public String challenge() {
        return delegate.challenge();
    }

    @Override
    public AuthOutcome authenticate(Credentials credentials) throws ProviderUnavailableException {
        Optional<String> key = CredentialHash.of(credentials);
        if (key.isEmpty()) {
            return delegate.authenticate(credentials);
        }
        AuthOutcome.Accepted cached = cache.getIfPresent(key.get());
        if (cached != null) {
            hits.mark();
            return cached;
        }
        misses.mark();
        AuthOutcome outcome = delegate.authenticate(credentials);
        if (outcome instanceof AuthOutcome.Accepted accepted) {
            cache.put(key.get(), accepted);
        }
        return outcome;
    }

    @Override
    public Optional<BrowserLogin> browserLogin() {
        return delegate.browserLogin();
    }

    @Override
    public void invalidate(String username) {
        // Keys are hashes, so find the user's entries by the identity they produced.
        cache.asMap().entrySet().removeIf(entry -> entry.getValue().identity().username().equals(username));
        delegate.invalidate(username);
    }

    @Override
    public void close() {
        cache.invalidateAll();
        delegate.close();
    }
}
