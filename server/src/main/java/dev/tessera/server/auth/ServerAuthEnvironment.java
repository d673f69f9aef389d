package dev.tessera.server.auth;

import com.codahale.metrics.MetricRegistry;
import dev.tessera.auth.spi.AuthEnvironment;
import dev.tessera.auth.spi.LocalUsers;
import dev.tessera.auth.spi.ProviderUnavailableException;
import dev.tessera.server.roles.LocalUserStore;
import java.nio.file.Path;
import java.time.Clock;
import org.jdbi.v3.core.JdbiException;

/** What the server gives each backend it builds. */
public record ServerAuthEnvironment(String backendName, MetricRegistry metrics, LocalUserStore store, Path dataDirectory,
                                    Clock clock) implements AuthEnvironment {

    @Override
    public LocalUsers localUsers() {
        return username -> {
            try {
                return store.passwordHash(username);
            } catch (JdbiException e) {
                throw new ProviderUnavailableException(backendName, "the role store cannot be read", e);
            }
        };
    }
}
