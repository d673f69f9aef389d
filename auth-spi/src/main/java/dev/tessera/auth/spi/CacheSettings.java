package dev.tessera.auth.spi;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * {@code cache: { ttl, maxSize }}, the one shape every backend that remembers successful checks is configured with.
 * A {@code ttl} of {@code 0s} turns the cache off; failures are never cached.
 */
public class CacheSettings {

    @JsonProperty
    @NotNull
    @MinDuration(0)
    private Duration ttl;

    @JsonProperty
    @Min(0)
    private long maxSize;

    /** For Jackson: a {@code cache:} entry without a key keeps 60 seconds and 10,000 entries. */
    public CacheSettings() {
        this(Duration.seconds(60), 10_000);
    }

    public CacheSettings(Duration ttl, long maxSize) {
        this.ttl = ttl;
        this.maxSize = maxSize;
    }

    public Duration getTtl() {
        return ttl;
    }

    public long getMaxSize() {
        return maxSize;
    }

    public boolean isOff() {
        return ttl.toMilliseconds() == 0;
    }

    /**
     * The authenticator behind a cache of successful checks, with hit and miss meters named
     * {@code tessera.auth.<backend>.cache.*}; itself when the cache is off.
     */
    public Authenticator wrap(Authenticator authenticator, AuthEnvironment environment) {
        if (isOff()) {
            return authenticator;
        }
        return new CachingAuthenticator(authenticator, ttl.toJavaDuration(), maxSize, environment.metrics(),
                "tessera.auth." + environment.backendName());
    }

    @Override
    public String toString() {
        return "{ttl=" + ttl + ", maxSize=" + maxSize + "}";
    }
}
