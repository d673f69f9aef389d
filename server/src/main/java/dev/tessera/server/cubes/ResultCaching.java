package dev.tessera.server.cubes;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import dev.tessera.cube.CubeService;
import dev.tessera.cube.cache.ResultCache;
import dev.tessera.server.arrow.ArrowAnswerWriter;
import dev.tessera.server.config.ResultCacheConfig;
import io.dropwizard.core.setup.Environment;

/**
 * The result cache and conditional answers, wired: the cubes answer through the cache, the cube resources' ETags
 * and 304s are registered, and {@code /metrics} shows {@code tessera.resultCache.} {@code hits}, {@code misses}
 * (each a query that ran on the engine), {@code evictions}, {@code bypasses} ({@code Cache-Control: no-cache}),
 * {@code entries} and {@code bytes} (estimated); and {@code tessera.arrow.encodedFromExport} / {@code encodedFromRows}:
 * Arrow streams built from DuckDB's Arrow export or from row objects.
 */
public final class ResultCaching {

    private ResultCaching() {
    }

    public static CubeService install(Environment environment, ResultCacheConfig config, CubeService cubes) {
        ResultCache cache = new ResultCache(config.getMaxBytes().toBytes(), config.isEnabled());
        MetricRegistry metrics = environment.metrics();
        gauge(metrics, "hits", () -> cache.stats().hitCount());
        gauge(metrics, "misses", () -> cache.stats().missCount());
        gauge(metrics, "evictions", () -> cache.stats().evictionCount());
        gauge(metrics, "bypasses", cache::bypasses);
        gauge(metrics, "entries", cache::entries);
        gauge(metrics, "bytes", cache::weightBytes);
        metrics.register("tessera.arrow.encodedFromExport", (Gauge<Long>) ArrowAnswerWriter::encodedFromExport);
        metrics.register("tessera.arrow.encodedFromRows", (Gauge<Long>) ArrowAnswerWriter::encodedFromRows);
        environment.jersey().register(new Conditional());
        environment.jersey().register(new Conditional.NotModifiedMapper());
        return cubes.withResultCache(cache);
    }

    private static void gauge(MetricRegistry metrics, String name, Gauge<Long> gauge) {
        metrics.register(MetricRegistry.name("tessera.resultCache", name), gauge);
    }
}
