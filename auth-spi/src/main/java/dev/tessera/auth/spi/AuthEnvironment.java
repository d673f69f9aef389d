package dev.tessera.auth.spi;

import com.codahale.metrics.MetricRegistry;
import java.nio.file.Path;
import java.time.Clock;

/** What the server hands a backend when building it. */
public interface AuthEnvironment {

    /** The name of the backend being built, as configured. */
    String backendName();

    /** Where cache and latency metrics go (exposed on the admin port). */
    MetricRegistry metrics();

    /** Users whose passwords the server's own store keeps (the {@code basic} backend). */
    LocalUsers localUsers();

    /** The server's data directory, for backends that keep files. */
    Path dataDirectory();

    Clock clock();
}
