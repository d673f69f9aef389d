package dev.tessera.auth.basic;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.tessera.auth.spi.AbstractAuthenticatorFactory;
import dev.tessera.auth.spi.AuthEnvironment;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.CacheSettings;
import dev.tessera.auth.spi.DeprecatedKey;
import dev.tessera.auth.spi.LocalUserAccounts;
import dev.tessera.auth.spi.LocalUserRecords;
import dev.tessera.auth.spi.LocalUsersFactory;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code type: basic}: users whose Argon2id password hashes the server's own store keeps. */
@JsonTypeName("basic")
public class BasicAuthenticatorFactory extends AbstractAuthenticatorFactory implements LocalUsersFactory {

    private static final CacheSettings CACHE_DEFAULTS = new CacheSettings(Duration.seconds(60), 10_000);

    /** Successful checks remembered, so a burst of requests does not re-hash; null: the old keys or the defaults. */
    @JsonProperty
    @Valid
    private @Nullable CacheSettings cache;

    /** The old spelling of {@code cache.ttl}, still read. */
    @JsonProperty
    @MinDuration(0)
    private @Nullable Duration cacheTtl;

    /** The old spelling of {@code cache.maxSize}, still read. */
    @JsonProperty
    @Min(0)
    private @Nullable Long cacheMaxSize;

    /** What was written, the old keys included, completed with the defaults. */
    public CacheSettings getCache() {
        if (cache != null) {
            return cache.orElse(CACHE_DEFAULTS);
        }
        return CacheSettings.of(cacheTtl, cacheMaxSize).orElse(CACHE_DEFAULTS);
    }

    @Override
    public Authenticator build(AuthEnvironment environment) {
        return getCache().wrap(new BasicAuthenticator(environment.backendName(), environment.localUsers(),
                new PasswordHasher()), environment);
    }

    @Override
    public LocalUserAccounts accounts(LocalUserRecords records) {
        return new BasicAccounts(records, new PasswordHasher());
    }

    @Override
    public List<DeprecatedKey> deprecatedKeys() {
        List<DeprecatedKey> keys = new ArrayList<>();
        if (cacheTtl != null) {
            keys.add(new DeprecatedKey("cacheTtl", "cache.ttl"));
        }
        if (cacheMaxSize != null) {
            keys.add(new DeprecatedKey("cacheMaxSize", "cache.maxSize"));
        }
        return keys;
    }

    @ValidationMethod(message = "cacheTtl and cacheMaxSize are the old spelling of cache: { ttl, maxSize }; "
            + "set cache alone")
    @JsonIgnore
    public boolean isCacheSpelledOnce() {
        return cache == null || (cacheTtl == null && cacheMaxSize == null);
    }

    @Override
    public String toString() {
        return "BasicAuthenticatorFactory[name=" + name() + ", cache=" + getCache() + "]";
    }
}
