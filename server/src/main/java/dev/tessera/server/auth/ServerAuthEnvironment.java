package dev.tessera.server.auth;

import com.codahale.metrics.MetricRegistry;
import dev.tessera.auth.spi.AuthEnvironment;
import dev.tessera.auth.spi.LocalUsers;
import java.nio.file.Path;
import java.time.Clock;

/** What the server gives each backend it builds. */
public record ServerAuthEnvironment(String backendName, MetricRegistry metrics, LocalUsers localUsers, Path dataDirectory,
                                    Clock clock) implements AuthEnvironment {}
