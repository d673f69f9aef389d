package dev.tessera.auth.spi;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Min;

/**
 * {@code cache: { ttl, maxSize }}, the one shape every backend that remembers successful checks is configured with.
 * A key left out takes the backend's default ({@link #orElse}); a {@code ttl} of {@code 0s} turns the cache off.
 * Failures are never cached.
 */
public class CacheSettings {

    @JsonProperty
    @MinDuration(0)
    private Duration ttl;

    @JsonProperty
    @Min(0)
    private Long maxSize;

    /** For Jackson: every key left to the backend's default. */
    public CacheSettings() {}

    public CacheSettings(Duration ttl, long maxSize) {
        this.ttl = ttl;
        this.maxSize = maxSize;
    }

    /** These settings, with {@code defaults} for the keys that were left out. */
    public CacheSettings orElse(CacheSettings defaults) {
        return new CacheSettings(ttl != null ? ttl : defaults.ttl, maxSize != null ? maxSize : defaults.maxSize);
    }

    /** Null only when left out and not yet completed by {@link #orElse}. */
    public Duration getTtl() {
        return ttl;
    }

    /** Null only when left out and not yet completed by {@link #orElse}. */
    public Long getMaxSize() {
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
