package dev.tessera.server.engines;

import dev.tessera.cube.CubeService;
import dev.tessera.cube.duckdb.DuckDbEngine;
import dev.tessera.cube.duckdb.TableTriggers;
import dev.tessera.cube.engine.QueryEngine;
import dev.tessera.server.roles.AuditLog;
import io.dropwizard.core.setup.Environment;
import java.util.Map;

/**
 * Reloading the embedded engine's data while the server runs: the cubes check every new version before it is
 * served, the tables' {@code refresh} and {@code watch} triggers join the lifecycle, the engines appear in
 * {@code /metrics} and under {@code /api/v1/admin/engines}.
 */
public final class LiveData {

    private LiveData() {
    }

    public static void install(Environment environment, Map<String, QueryEngine> engines, CubeService cubes,
                               AuditLog audit) {
        EngineRegistry registry = new EngineRegistry(engines);
        registry.all().forEach((name, engine) -> {
            if (engine instanceof DuckDbEngine duckDb) {
                duckDb.checkReloadsWith(candidate -> cubes.reloadProblems(name, candidate));
                environment.lifecycle().manage(new TableTriggers(duckDb.config().tables(), duckDb));
            }
            EngineMetrics.register(environment.metrics(), name, engine);
        });
        environment.jersey().register(new AdminEnginesResource(registry, audit));
    }
}
