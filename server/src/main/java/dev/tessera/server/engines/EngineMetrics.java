package dev.tessera.server.engines;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import dev.tessera.cube.engine.QueryEngine;
import dev.tessera.cube.engine.ReloadReport;
import dev.tessera.cube.engine.Reloadable;
import java.util.function.ToLongFunction;

/**
 * An engine's data in {@code /metrics}, under {@code tessera.engine.<name>.}: {@code dataVersion}, and for an engine
 * that reloads, {@code reloads.succeeded}, {@code reloads.failed}, and of the last reload {@code lastReload.time}
 * (epoch milliseconds), {@code lastReload.durationMs} and {@code lastReload.succeeded} (1 or 0). All are gauges read
 * from the engine when asked, so they are never out of step with the admin answer.
 */
final class EngineMetrics {

    private EngineMetrics() {
    }

    static void register(MetricRegistry metrics, String name, QueryEngine engine) {
        String prefix = MetricRegistry.name("tessera.engine", name);
        metrics.register(MetricRegistry.name(prefix, "dataVersion"), (Gauge<Long>) () -> dataVersion(engine));
        if (engine instanceof Reloadable reloadable) {
            metrics.register(MetricRegistry.name(prefix, "reloads", "succeeded"), (Gauge<Long>) reloadable::succeededReloads);
            metrics.register(MetricRegistry.name(prefix, "reloads", "failed"), (Gauge<Long>) reloadable::failedReloads);
            last(metrics, prefix, "time", reloadable, r -> r.startedAt().toEpochMilli());
            last(metrics, prefix, "durationMs", reloadable, ReloadReport::durationMs);
            last(metrics, prefix, "succeeded", reloadable, r -> r.succeeded() ? 1 : 0);
        }
    }

    private static void last(MetricRegistry metrics, String prefix, String what, Reloadable engine,
                             ToLongFunction<ReloadReport> value) {
        metrics.register(MetricRegistry.name(prefix, "lastReload", what),
                (Gauge<Long>) () -> engine.lastReload().map(value::applyAsLong).orElse(null));
    }

    /** Null while the engine is not running: a gauge that throws would spoil the whole answer. */
    private static Long dataVersion(QueryEngine engine) {
        try {
            return engine.dataVersion();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
