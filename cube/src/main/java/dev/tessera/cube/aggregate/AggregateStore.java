package dev.tessera.cube.aggregate;

import dev.tessera.cube.duckdb.DuckDbEngine;
import dev.tessera.cube.duckdb.GenerationPreparer;
import dev.tessera.cube.engine.QueryEngine;
import dev.tessera.cube.model.Cube;
import dev.tessera.cube.model.CubeDefinition;
import dev.tessera.cube.query.ValidatedQuery;
import dev.tessera.cube.restrict.EffectiveRestriction;
import dev.tessera.cube.sql.DuckDbDialect;
import dev.tessera.cube.sql.FactSource;
import dev.tessera.cube.sql.SqlPlanner;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregates of one engine's cubes: compiled with the cubes, built into every version of the data before it is
 * served ({@link GenerationPreparer}), and consulted for each query ({@link AggregateRouter}). They live in a DuckDB
 * database: the engine's own for the embedded engine (beside the facts, swapped with them), or {@link #local} for a
 * remote engine, filled from the remote engine's answer to the aggregate's query.
 */
public final class AggregateStore implements GenerationPreparer {
    private static final Logger LOG = LoggerFactory.getLogger(AggregateStore.class);

    private final String engineName;
    private final QueryEngine source;
    private final SqlPlanner sourcePlanner;
    private final DuckDbEngine local;
    private final SqlPlanner localPlanner = new SqlPlanner(DuckDbDialect.INSTANCE);
    private final Map<String, List<AggregateDefinition>> definitions = new LinkedHashMap<>();
    private volatile Map<String, Cube> cubes = Map.of();
    private volatile Map<String, List<Aggregate>> aggregates = Map.of();
    /** The last build of each aggregate, by cube then aggregate name: what routing sizes them by. */
    private volatile Map<String, Map<String, BuildStats>> built = Map.of();

    /** Where a routed query runs and what it reads: an aggregate, or the facts (source null). */
    public record Target(QueryEngine engine, SqlPlanner planner, FactSource source, Route route) {
    }

    /**
     * The aggregates of {@code cubeDefinitions}, none compiled yet.
     *
     * @param local the database the aggregates are kept in: {@code source} itself when it is the embedded engine
     */
    public AggregateStore(String engineName, QueryEngine source, SqlPlanner sourcePlanner, DuckDbEngine local,
                          List<CubeDefinition> cubeDefinitions) {
        this.engineName = engineName;
        this.source = source;
        this.sourcePlanner = sourcePlanner;
        this.local = local;
        cubeDefinitions.stream().filter(d -> d != null && d.name() != null && !d.aggregates().isEmpty())
                .forEach(d -> definitions.put(d.name(), d.aggregates()));
    }

    public String engineName() {
        return engineName;
    }

    public boolean isEmpty() {
        return definitions.isEmpty();
    }

    /** Cube name to the names of its aggregates, as configured (known before anything is compiled). */
    public Map<String, List<String>> names() {
        Map<String, List<String>> names = new LinkedHashMap<>();
        definitions.forEach((cube, defs) -> names.put(cube, defs.stream().map(AggregateDefinition::name).toList()));
        return names;
    }

    /** Whether the aggregates are copied from a remote engine into a database of their own. */
    public boolean isRemote() {
        return local != source;
    }

    public DuckDbEngine local() {
        return local;
    }

    /** The shortest {@code refresh} of the aggregates, if any gives one. */
    public Optional<Duration> refresh() {
        return definitions.values().stream().flatMap(List::stream).map(AggregateDefinition::refresh)
                .filter(Objects::nonNull).map(r -> Duration.ofMillis(r.toMilliseconds())).min(Duration::compareTo);
    }

    /** Whether the cubes have been compiled (a remote engine's, once it was reached). */
    public boolean isCompiled() {
        return !aggregates.isEmpty();
    }

    /** Compiles the aggregates of the engine's compiled cubes; they are used once built. */
    public void compile(Map<String, Cube> compiled) {
        Map<String, List<Aggregate>> byCube = new LinkedHashMap<>();
        definitions.forEach((name, defs) -> {
            Cube cube = compiled.get(name);
            if (cube != null) {
                byCube.put(name, AggregateCompiler.compile(cube, defs));
            }
        });
        this.cubes = compiled;
        this.aggregates = byCube;
    }

    /** Builds every aggregate into one version of the data; routing sees them once all are built. */
    @Override
    public void prepare(Connection database, long dataVersion) throws SQLException {
        Map<String, Map<String, BuildStats>> next = new LinkedHashMap<>();
        for (Map.Entry<String, List<Aggregate>> e : aggregates.entrySet()) {
            Map<String, BuildStats> ofCube = new LinkedHashMap<>();
            for (Aggregate a : e.getValue()) {
                ofCube.put(a.name(), build(database, dataVersion, cubes.get(e.getKey()), a));
            }
            next.put(e.getKey(), ofCube);
        }
        built = next;
    }

    private BuildStats build(Connection database, long dataVersion, Cube cube, Aggregate a) throws SQLException {
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        Duration timeout = source.caps().queryTimeout().multipliedBy(10);
        if (isRemote()) {
            AggregateBuilder.copy(source, AggregateBuilder.statement(sourcePlanner, cube, a, timeout), timeout, database,
                    a.table(), DuckDbDialect.INSTANCE);
        } else {
            AggregateBuilder.fromOwnFacts(database, AggregateBuilder.statement(localPlanner, cube, a, timeout), a.table(),
                    DuckDbDialect.INSTANCE);
        }
        long rows = AggregateBuilder.rows(database, a.table(), DuckDbDialect.INSTANCE);
        long ms = (System.nanoTime() - started) / 1_000_000;
        LOG.info("{}: built {} rows in {} ms (engine '{}', data version {})", a.where(), rows, ms, engineName, dataVersion);
        return new BuildStats(cube.name(), a.name(), a.table(), a.levels().stream().map(l -> l.ref()).toList(),
                a.stored().stream().map(m -> m.name()).toList(), dataVersion, rows, width(a), startedAt, ms);
    }

    private static int width(Aggregate a) {
        return a.levels().size() + a.stored().stream().mapToInt(m -> Decomposition.parts(m).size()).sum();
    }

    /** The route of one query: the smallest built aggregate that covers it, or the facts. */
    public Route route(ValidatedQuery q, EffectiveRestriction restriction) {
        List<Aggregate> ofCube = aggregates.getOrDefault(q.cube().name(), List.of());
        Map<String, Long> rows = new LinkedHashMap<>();
        built.getOrDefault(q.cube().name(), Map.of()).forEach((name, stats) -> rows.put(name, stats.rows()));
        return AggregateRouter.route(ofCube, rows, q, restriction);
    }

    /** Where the query runs: on the aggregates' database when one covers it, otherwise on the engine over the facts. */
    public Target target(ValidatedQuery q, EffectiveRestriction restriction) {
        Route route = route(q, restriction);
        if (!route.fromAggregate()) {
            return new Target(source, sourcePlanner, null, route);
        }
        return new Target(local, localPlanner, new AggregateSource(route.chosen(), DuckDbDialect.INSTANCE), route);
    }

    /** The last build of every aggregate, in config order. */
    public List<BuildStats> stats() {
        List<BuildStats> all = new ArrayList<>();
        built.values().forEach(ofCube -> all.addAll(ofCube.values()));
        return all;
    }
}
