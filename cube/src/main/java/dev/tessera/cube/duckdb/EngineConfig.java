package dev.tessera.cube.duckdb;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.sun.management.OperatingSystemMXBean;
import dev.tessera.cube.engine.QueryCaps;
import dev.tessera.cube.query.QueryLimits;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * {@code engine:} in config.yml. Every key may be left out:
 * <ul>
 *   <li>{@code database} {@code ":memory:"} (default) or a DuckDB file path;</li>
 *   <li>{@code threads}: DuckDB's worker threads (default: DuckDB's own, the number of cores);</li>
 *   <li>{@code memoryLimit}, e.g. {@code 4GB}: default 60% of (physical memory minus the JVM's maximum
 *       heap), at least 256 MiB; DuckDB's own default (80% of RAM) ignores the heap beside it;</li>
 *   <li>{@code tempDirectory}: where large aggregations spill (default DuckDB's, {@code .tmp});</li>
 *   <li>{@code tables}: loaded at start, see {@link TableConfig};</li>
 *   <li>{@code maxRows} (100000): the JSON answer's row cap; {@code csvMaxRows} (1000000): the CSV export's;</li>
 *   <li>{@code queryTimeout} (30s): a request may ask for less, not more;</li>
 *   <li>{@code maxConcurrentQueriesPerUser} (4): a user's queries running or waiting at once, past it a 429;</li>
 *   <li>{@code maxConcurrentQueries}: engine workers, statements running at once (default: cores, at least 2);</li>
 *   <li>{@code maxRunningQueriesPerUser}: how many of those workers one user may hold (default: all but one, at
 *       least one), so one user cannot stall everyone else; see {@link FairScheduler};</li>
 *   <li>{@code queryLimits}: how large one query may be, see {@link QueryLimits}.</li>
 * </ul>
 */
public record EngineConfig(
        @NotBlank String database,
        @Min(1) Integer threads,
        DataSize memoryLimit,
        String tempDirectory,
        @NotNull @Valid List<TableConfig> tables,
        @Min(1) int maxRows,
        @Min(1) int csvMaxRows,
        @NotNull Duration queryTimeout,
        @Min(1) int maxConcurrentQueriesPerUser,
        @Min(1) int maxConcurrentQueries,
        @Min(1) int maxRunningQueriesPerUser,
        @NotNull @Valid QueryLimits queryLimits) {

    public static final String IN_MEMORY = ":memory:";

    @JsonCreator
    public EngineConfig(String database, Integer threads, DataSize memoryLimit, String tempDirectory,
                        List<TableConfig> tables, Integer maxRows, Integer csvMaxRows, Duration queryTimeout,
                        Integer maxConcurrentQueriesPerUser, Integer maxConcurrentQueries,
                        Integer maxRunningQueriesPerUser, QueryLimits queryLimits) {
        this(database == null ? IN_MEMORY : database, threads, memoryLimit, tempDirectory,
                tables == null ? List.of() : List.copyOf(tables),
                maxRows == null ? 100_000 : maxRows,
                csvMaxRows == null ? 1_000_000 : csvMaxRows,
                queryTimeout == null ? Duration.seconds(30) : queryTimeout,
                maxConcurrentQueriesPerUser == null ? 4 : maxConcurrentQueriesPerUser,
                workers(maxConcurrentQueries),
                maxRunningQueriesPerUser == null ? Math.max(1, workers(maxConcurrentQueries) - 1) : maxRunningQueriesPerUser,
                queryLimits == null ? QueryLimits.DEFAULTS : queryLimits);
    }

    private static int workers(Integer configured) {
        return configured == null ? Math.max(2, Runtime.getRuntime().availableProcessors()) : configured;
    }

    /** All defaults: in memory, no tables. */
    public static EngineConfig defaults() {
        return new EngineConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public EngineConfig withTables(List<TableConfig> newTables) {
        return new EngineConfig(database, threads, memoryLimit, tempDirectory, newTables, maxRows, csvMaxRows,
                queryTimeout, maxConcurrentQueriesPerUser, maxConcurrentQueries, maxRunningQueriesPerUser, queryLimits);
    }

    /** A share of the workers larger than all of them would mean no share at all. */
    @ValidationMethod(message = "maxRunningQueriesPerUser must not exceed maxConcurrentQueries (the engine workers)")
    @JsonIgnore
    public boolean isRunningShareWithinWorkers() {
        return maxRunningQueriesPerUser <= maxConcurrentQueries;
    }

    public boolean inMemory() {
        return database.equals(IN_MEMORY);
    }

    /** The memory limit given DuckDB, in bytes: the configured one or the heap-aware default. */
    public long effectiveMemoryLimitBytes() {
        if (memoryLimit != null) {
            return memoryLimit.toBytes();
        }
        long physical = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        long heap = Runtime.getRuntime().maxMemory();
        long floor = 256L << 20;
        return Math.max(floor, (long) ((physical - heap) * 0.6));
    }

    /** What requests on this engine are held to. */
    public QueryCaps caps() {
        return new QueryCaps(maxRows, csvMaxRows, java.time.Duration.ofMillis(queryTimeout.toMilliseconds()), queryLimits);
    }
}
