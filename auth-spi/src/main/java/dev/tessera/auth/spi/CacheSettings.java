package dev.tessera.auth.spi;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

/**
 * {@code cache: { ttl, maxSize }}, the one shape every backend that remembers successful checks is configured with.
 * A key left out takes the backend's default ({@link #orElse}); a {@code ttl} of {@code 0s} turns the cache off.
 * Failures are never cached.
 */
public class CacheSettings {

    @JsonProperty
    @MinDuration(0)
    private @Nullable Duration ttl;

    @JsonProperty
    @Min(0)
    private @Nullable Long maxSize;

    /** For Jackson: every key left to the backend's default. */
    public CacheSettings() {}

    public CacheSettings(Duration ttl, long maxSize) {
        this.ttl = ttl;
        this.maxSize = maxSize;
    }

    /** Settings as written, where a key left out is null; {@link #orElse} completes them. */
    public static CacheSettings of(@Nullable Duration ttl, @Nullable Long maxSize) {
        CacheSettings written = new CacheSettings();
        written.ttl = ttl;
        written.maxSize = maxSize;
        return written;
    }

    /** These settings, with {@code defaults} for the keys that were left out. */
    public CacheSettings orElse(CacheSettings defaults) {
        return of(ttl != null ? ttl : defaults.ttl, maxSize != null ? maxSize : defaults.maxSize);
    }

    /** Null only when left out and not yet completed by {@link #orElse}. */
    public @Nullable Duration getTtl() {
        return ttl;
    }

    /** Null only when left out and not yet completed by {@link #orElse}. */
    public @Nullable Long getMaxSize() {
        return maxSize;
    }

    /** How long a successful check is remembered; only on settings completed by {@link #orElse}. */
    public Duration ttl() {
        return completed(ttl, "ttl");
    }

    /** How many successful checks are remembered at most; only on settings completed by {@link #orElse}. */
    public long maxSize() {
        return completed(maxSize, "maxSize");
    }

    /** Whether a {@code ttl} of zero turned the cache off; only on settings completed by {@link #orElse}. */
    public boolean isOff() {
        return ttl().toMilliseconds() == 0;
    }

    /**
     * The authenticator behind a cache of successful checks, with hit and miss meters named
     * {@code tessera.auth.<backend>.cache.*}; itself when the cache is off.
     */
    public Authenticator wrap(Authenticator authenticator, AuthEnvironment environment) {
        if (isOff()) {
            return authenticator;
        }
        return new CachingAuthenticator(authenticator, ttl().toJavaDuration(), maxSize(), environment.metrics(),
                "tessera.auth." + environment.backendName());
    }

    /** A backend that forgot {@link #orElse} is a bug, found at start-up rather than as a cache of any size. */
    private static <T> T completed(@Nullable T value, String key) {
        if (value == null) {
            throw new IllegalStateException("cache." + key + " has no value: complete these settings with orElse");
        }
        return value;
    }

    @Override
    public String toString() {
        return "{ttl=" + ttl + ", maxSize=" + maxSize + "}";
    }
}
