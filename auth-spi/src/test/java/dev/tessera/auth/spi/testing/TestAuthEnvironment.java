package dev.tessera.auth.spi.testing;

import com.codahale.metrics.MetricRegistry;
import dev.tessera.auth.spi.AuthEnvironment;
import dev.tessera.auth.spi.LocalUsers;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * What a backend is built with in a test, for every backend module: a fresh metric registry, no local users, the
 * temporary directory and the system clock, each replaceable.
 */
public record TestAuthEnvironment(String backendName, MetricRegistry metrics, LocalUsers localUsers, Path dataDirectory,
                                  Clock clock) implements AuthEnvironment {

    public static TestAuthEnvironment of(String backendName) {
        return new TestAuthEnvironment(backendName, new MetricRegistry(), username -> Optional.empty(),
                Path.of(System.getProperty("java.io.tmpdir")), Clock.systemUTC());
    }

    public TestAuthEnvironment withMetrics(MetricRegistry registry) {
        return new TestAuthEnvironment(backendName, registry, localUsers, dataDirectory, clock);
    }

    public TestAuthEnvironment withLocalUsers(LocalUsers users) {
        return new TestAuthEnvironment(backendName, metrics, users, dataDirectory, clock);
    }

    public TestAuthEnvironment withClock(Clock newClock) {
        return new TestAuthEnvironment(backendName, metrics, localUsers, dataDirectory, newClock);
    }
}
