package dev.tessera.auth.basic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.tessera.auth.spi.AbstractAuthenticatorFactory;
import dev.tessera.auth.spi.AuthEnvironment;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.CachingAuthenticator;
import dev.tessera.auth.spi.LocalUserAccounts;
import dev.tessera.auth.spi.LocalUserRecords;
import dev.tessera.auth.spi.LocalUsersFactory;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** {@code type: basic}: users whose Argon2id password hashes the server's own store keeps. */
@JsonTypeName("basic")
public class BasicAuthenticatorFactory extends AbstractAuthenticatorFactory implements LocalUsersFactory {

    /** How long a successful check is remembered, so a burst of requests does not re-hash. */
    @NotNull
    private Duration cacheTtl = Duration.seconds(60);

    @Min(0)
    private long cacheMaxSize = 10_000;

    @JsonProperty
    public Duration getCacheTtl() {
        return cacheTtl;
    }

    @JsonProperty
    public void setCacheTtl(Duration cacheTtl) {
        this.cacheTtl = cacheTtl;
    }

    @JsonProperty
    public long getCacheMaxSize() {
        return cacheMaxSize;
    }

    @JsonProperty
    public void setCacheMaxSize(long cacheMaxSize) {
        this.cacheMaxSize = cacheMaxSize;
    }

    @Override
    public Authenticator build(AuthEnvironment environment) {
        Authenticator basic = new BasicAuthenticator(environment.backendName(), environment.localUsers(), new PasswordHasher());
        if (cacheTtl.toMilliseconds() == 0) {
            return basic;
        }
        return new CachingAuthenticator(basic, cacheTtl.toJavaDuration(), cacheMaxSize, environment.metrics(),
                "tessera.auth." + environment.backendName());
    }

    @Override
    public LocalUserAccounts accounts(LocalUserRecords records) {
        return new BasicAccounts(records, new PasswordHasher());
    }

    @Override
    public String toString() {
        return "BasicAuthenticatorFactory[name=" + name() + ", cacheTtl=" + cacheTtl + ", cacheMaxSize=" + cacheMaxSize + "]";
    }
}
