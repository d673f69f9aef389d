package dev.tessera.auth.oidc;

import com.codahale.metrics.MetricRegistry;
import dev.tessera.auth.spi.AuthEnvironment;
import dev.tessera.auth.spi.LocalUsers;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** The least an authenticator needs to be built in a test. */
record TestEnvironment(String backendName, Clock clock) implements AuthEnvironment {

    TestEnvironment(String backendName) {
        this(backendName, Clock.systemUTC());
    }

    @Override
    public MetricRegistry metrics() {
        return new MetricRegistry();
    }

    @Override
    public LocalUsers localUsers() {
        return username -> Optional.empty();
    }

    @Override
    public Path dataDirectory() {
        return Path.of("target");
    }
}
