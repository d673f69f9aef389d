package dev.tessera.server.replicas;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheck.Result;
import dev.tessera.cube.EngineUnavailableException;
import dev.tessera.cube.duckdb.DuckDbEngine;
import dev.tessera.cube.engine.QueryEngine;
import dev.tessera.server.auth.AuthChain;
import dev.tessera.server.auth.BackendHealth;
import io.dropwizard.core.setup.Environment;
import java.util.Map;

/**
 * {@code /healthcheck} on the admin port: the role store ({@code roleStore}, Dropwizard's own check of the pool),
 * the engine, each login provider, and the change feed. Each says {@code "state": "up" | "degraded" | "down"}.
 * Down (unhealthy, HTTP 500) is what this replica cannot serve without: the store, the engine. Degraded (still
 * healthy) is what it serves around: a provider that is down fails only its own logins (503, Retry-After) and is
 * shared by every replica, so taking replicas out of rotation for it would help no one.
 */
public final class HealthChecks {

    private HealthChecks() {
    }

    public static void register(Environment environment, AuthChain chain, Map<String, QueryEngine> engines) {
        engines.forEach((name, engine) -> environment.healthChecks().register(checkName(name, engine), new HealthCheck() {
            @Override
            protected Result check() {
                return engine(name, engine);
            }
        }));
        for (AuthChain.Backend backend : chain.backends()) {
            environment.healthChecks().register("provider." + backend.name(), new HealthCheck() {
                @Override
                protected Result check() {
                    return provider(backend.name(), chain.health());
                }
            });
        }
    }

    /** The embedded engine keeps its historical check name when it is the only one. */
    private static String checkName(String name, QueryEngine engine) {
        return engine instanceof DuckDbEngine && "default".equals(name) ? "engine.duckdb" : "engine." + name;
    }

    /**
     * The embedded engine is down when it is not running (this replica cannot answer its cubes); a remote engine that
     * cannot be reached is degraded: every replica shares it, and the cubes of other engines still answer.
     */
    private static Result engine(String name, QueryEngine engine) {
        if (engine instanceof DuckDbEngine duckDb) {
            return duckDb.isRunning() ? up("DuckDB is running") : down("DuckDB is not running");
        }
        try {
            engine.catalog();
            return up("engine '" + name + "' answered when its tables were read");
        } catch (EngineUnavailableException e) {
            return Result.builder().healthy().withMessage("degraded: " + e.getMessage()).withDetail("state", "degraded")
                    .build();
        }
    }

    private static Result provider(String name, BackendHealth health) {
        return health.lastContact(name)
                .map(contact -> contact.answered()
                        ? Result.builder().healthy().withMessage("answered when last asked").withDetail("state", "up")
                                .withDetail("since", contact.at().toString()).build()
                        : Result.builder().healthy().withMessage("degraded: could not check credentials when last asked ("
                                        + contact.problem() + "); its logins are answered 503 until it answers again")
                                .withDetail("state", "degraded").withDetail("since", contact.at().toString()).build())
                .orElseGet(() -> up("not asked since start"));
    }

    static Result up(String message) {
        return Result.builder().healthy().withMessage(message).withDetail("state", "up").build();
    }

    static Result down(String message) {
        return Result.builder().unhealthy().withMessage(message).withDetail("state", "down").build();
    }
}
