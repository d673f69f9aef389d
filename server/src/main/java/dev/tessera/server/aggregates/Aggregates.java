package dev.tessera.server.aggregates;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import dev.tessera.cube.CubeService;
import dev.tessera.cube.aggregate.AggregateRefresh;
import dev.tessera.cube.aggregate.AggregateStore;
import dev.tessera.cube.aggregate.BuildStats;
import io.dropwizard.core.setup.Environment;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Aggregate tables, wired: their builds in {@code /metrics} (gauges {@code tessera.aggregate.<cube>.<name>.rows},
 * {@code .buildMs}, {@code .dataVersion}, {@code .builtAt} in epoch ms; null until built) and under
 * {@code GET /api/v1/admin/aggregates}; a remote engine's aggregates copied again on their {@code refresh}.
 */
public final class Aggregates {

    private Aggregates() {
    }

    public static void install(Environment environment, CubeService cubes) {
        List<AggregateStore> stores = cubes.aggregateStores().stream().filter(s -> !s.isEmpty()).toList();
        for (AggregateStore store : stores) {
            store.names().forEach((cube, names) -> names.forEach(name -> {
                gauge(environment.metrics(), store, cube, name, "rows", BuildStats::rows);
                gauge(environment.metrics(), store, cube, name, "buildMs", BuildStats::buildMs);
                gauge(environment.metrics(), store, cube, name, "dataVersion", BuildStats::dataVersion);
                gauge(environment.metrics(), store, cube, name, "builtAt", b -> b.builtAt().toEpochMilli());
            }));
            if (store.isRemote()) {
                environment.lifecycle().manage(new AggregateRefresh(store));
            }
        }
        environment.jersey().register(new AdminAggregatesResource(stores));
    }

    private static void gauge(MetricRegistry metrics, AggregateStore store, String cube, String name, String what,
                              ToLongFunction<BuildStats> value) {
        metrics.register(MetricRegistry.name("tessera.aggregate", cube, name, what), (Gauge<Long>) () -> store.stats().stream()
                .filter(b -> b.cube().equals(cube) && b.aggregate().equals(name)).findFirst()
                .map(value::applyAsLong).orElse(null));
    }
}
