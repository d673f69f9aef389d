package dev.tessera.auth.spi;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dropwizard.jackson.Discoverable;
import java.util.List;

/**
 * One entry of {@code auth.backends} in {@code config.yml}. Pluggable the way Dropwizard plugs {@code server:} and
 * {@code appenders:}: an implementation carries {@code @JsonTypeName("x")} and is listed in
 * {@code META-INF/services/dev.tessera.auth.spi.AuthenticatorFactory}; this interface is listed in
 * {@code META-INF/services/io.dropwizard.jackson.Discoverable}. A new backend is a new module, nothing more.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface AuthenticatorFactory extends Discoverable {

    /** The backend's key in role mappings and default roles; defaults to its type. */
    String name();

    /**
     * Builds the authenticator. Misconfiguration (a keytab that cannot be read, say) fails here, at start-up,
     * with a message naming the key or file; a provider that is merely unreachable must not.
     */
    Authenticator build(AuthEnvironment environment) throws Exception;

    /** Old keys this entry was written with, each still read; the server warns about them at start. */
    default List<DeprecatedKey> deprecatedKeys() {
        return List.of();
    }
}
