package dev.tessera.server.engines;

import dev.tessera.cube.CubeService;
import dev.tessera.cube.duckdb.DuckDbEngine;
import dev.tessera.cube.duckdb.TableTriggers;
import dev.tessera.server.roles.AuditLog;
import io.dropwizard.core.setup.Environment;

/**
 * Reloading the embedded engine's data while the server runs: the cubes check every new version before it is
 * served, the tables' {@code refresh} and {@code watch} triggers join the lifecycle, the engines appear in
 * {@code /metrics} and under {@code /api/v1/admin/engines}.
 */
public final class LiveData {

    private LiveData() {
    }

    public static void install(Environment environment, DuckDbEngine engine, CubeService cubes, AuditLog audit) {
        engine.checkReloadsWith(cubes::reloadProblems);
        EngineRegistry registry = EngineRegistry.single(engine);
        environment.lifecycle().manage(new TableTriggers(engine.config().tables(), engine));
        registry.all().forEach((name, e) -> EngineMetrics.register(environment.metrics(), name, e));
        environment.jersey().register(new AdminEnginesResource(registry, audit));
    }
}
