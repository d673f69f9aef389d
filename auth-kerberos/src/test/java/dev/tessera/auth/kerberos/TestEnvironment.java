package dev.tessera.auth.kerberos;

import com.codahale.metrics.MetricRegistry;
import dev.tessera.auth.spi.AuthEnvironment;
import dev.tessera.auth.spi.LocalUsers;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** The little a Kerberos backend needs of the server. */
final class TestEnvironment {

    private TestEnvironment() {}

    static AuthEnvironment of(String backendName) {
        return new AuthEnvironment() {
            private final MetricRegistry metrics = new MetricRegistry();

            @Override
            public String backendName() {
                return backendName;
            }

            @Override
            public MetricRegistry metrics() {
                return metrics;
            }

            @Override
            public LocalUsers localUsers() {
                return username -> Optional.empty();
            }

            @Override
            public Path dataDirectory() {
                return Path.of(System.getProperty("java.io.tmpdir"));
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }
        };
    }
}
