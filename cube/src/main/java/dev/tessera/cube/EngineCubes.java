package dev.tessera.cube;

import dev.tessera.cube.aggregate.AggregateStore;
import dev.tessera.cube.duckdb.DuckDbEngine;
import dev.tessera.cube.duckdb.EngineConfig;
import dev.tessera.cube.engine.QueryEngine;
import dev.tessera.cube.model.Cube;
import dev.tessera.cube.model.CubeCompiler;
import dev.tessera.cube.model.CubeDefinition;
import dev.tessera.cube.model.DataType;
import dev.tessera.cube.model.InvalidCubeModelException;
import dev.tessera.cube.sql.SqlPlanner;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cubes of one engine, with the planner for its dialect. They compile as soon as the engine can say what
 * tables it holds: at start for an engine that is there, later (on the next request that needs them) for a remote
 * engine that was down at start, whose cubes answer 503 meanwhile. A cube wrong for the tables it finds fails
 * start-up when the engine is there at start; found only later, it is logged and its cubes answer 503 saying why.
 */
final class EngineCubes {
    private static final Logger LOG = LoggerFactory.getLogger(EngineCubes.class);

    private final String name;
    private final QueryEngine engine;
    private final SqlPlanner planner;
    private final List<CubeDefinition> definitions;
    private final AggregateStore aggregates;
    private volatile Map<String, Cube> compiled;
    private volatile String failure;

    EngineCubes(String name, QueryEngine engine, List<CubeDefinition> definitions) {
        this.name = name;
        this.engine = engine;
        this.planner = new SqlPlanner(engine.dialect());
        this.definitions = List.copyOf(definitions);
        boolean anyAggregates = definitions.stream().anyMatch(d -> d != null && !d.aggregates().isEmpty());
        DuckDbEngine local = engine instanceof DuckDbEngine duck ? duck
                : anyAggregates ? new DuckDbEngine(EngineConfig.defaults()) : null;
        this.aggregates = new AggregateStore(name, engine, planner, local, this.definitions);
    }

    AggregateStore aggregates() {
        return aggregates;
    }

    String name() {
        return name;
    }

    QueryEngine engine() {
        return engine;
    }

    SqlPlanner planner() {
        return planner;
    }

    /**
     * Compiles now if the engine is reachable.
     *
     * @throws InvalidCubeModelException when a cube does not fit the engine's tables
     */
    void compileAtStart() {
        try {
            compile(true);
        } catch (EngineUnavailableException e) {
            LOG.warn("Engine '{}' is not reachable yet ({}); its cubes {} answer 503 until it is", name, e.getMessage(),
                    definitions.stream().map(CubeDefinition::name).toList());
        }
    }

    /** The compiled cubes; empty, not an error, while the engine is not reachable (a list shows what can answer). */
    Map<String, Cube> ready() {
        try {
            return cubes();
        } catch (EngineUnavailableException e) {
            return Map.of();
        }
    }

    /**
     * The compiled cubes, compiling them first if the engine has become reachable.
     *
     * @throws EngineUnavailableException naming the engine, while it is not reachable or its cubes do not fit it
     */
    Map<String, Cube> cubes() {
        Map<String, Cube> done = compiled;
        if (done != null) {
            return done;
        }
        if (failure != null) {
            throw new EngineUnavailableException(failure, null);
        }
        return compile(false);
    }

    /**
     * What would break if {@code candidate} (this engine's next data, not yet served) replaced the data the cubes
     * were compiled against: a table or column gone, an expression the engine now refuses, or a level or measure
     * whose type would change under the compiled cubes. Empty when the candidate may be served.
     */
    List<String> reloadProblems(QueryEngine candidate) {
        List<Cube> fresh;
        try {
            fresh = CubeCompiler.compile(definitions, candidate.catalog(), new EngineExpressionProbe(candidate, planner));
        } catch (InvalidCubeModelException e) {
            return e.problems();
        }
        Map<String, Cube> now = ready();
        List<String> problems = new ArrayList<>();
        for (Cube next : fresh) {
            Cube served = now.get(next.name());
            if (served == null) {
                continue; // never compiled (the engine was not reachable): nothing served to keep consistent with
            }
            served.levels().forEach((ref, level) -> typeChange(problems, served, "level", ref, level.type(),
                    next.levels().get(ref).type()));
            served.measures().forEach((measure, m) -> typeChange(problems, served, "measure", measure, m.type(),
                    next.measures().get(measure).type()));
        }
        return problems;
    }

    /**
     * Builds the aggregates into the data served now and every version after it. On the embedded engine a failure at
     * start fails start-up; a remote engine's aggregates are tried again by their refresh ({@link
     * dev.tessera.cube.aggregate.AggregateRefresh}), and queries read the facts meanwhile.
     */
    private void buildAggregates(boolean atStart) {
        if (aggregates.isEmpty()) {
            return;
        }
        aggregates.compile(compiled);
        try {
            if (aggregates.isRemote()) {
                aggregates.local().start();
            }
            aggregates.local().prepareGenerationsWith(aggregates);
        } catch (SQLException | RuntimeException e) {
            String why = "the aggregates of engine '" + name + "' could not be built: " + e.getMessage();
            if (atStart && !aggregates.isRemote()) {
                throw new InvalidCubeModelException(List.of(why));
            }
            LOG.warn("{}; queries read the facts until they are", why);
        }
    }

    private static void typeChange(List<String> problems, Cube cube, String kind, String name, DataType was,
                                   DataType would) {
        if (was != would) {
            problems.add("cube '" + cube.name() + "': " + kind + " '" + name + "' is " + typeName(was)
                    + " and would become " + typeName(would));
        }
    }

    private static String typeName(DataType type) {
        return type == null ? "untyped" : type.jsonName();
    }

    private synchronized Map<String, Cube> compile(boolean atStart) {
        if (compiled != null) {
            return compiled;
        }
        long started = System.nanoTime();
        List<Cube> cubes;
        try {
            cubes = CubeCompiler.compile(definitions, engine.catalog(), new EngineExpressionProbe(engine, planner));
        } catch (InvalidCubeModelException e) {
            if (atStart) {
                throw e;
            }
            failure = "the cubes on engine '" + name + "' do not fit its tables: " + String.join("; ", e.problems());
            LOG.error("{}", failure);
            throw new EngineUnavailableException(failure, e);
        }
        Map<String, Cube> byName = new LinkedHashMap<>();
        cubes.forEach(c -> byName.put(c.name(), c));
        compiled = Collections.unmodifiableMap(byName);
        buildAggregates(atStart);
        LOG.info("Cubes ready: {} (engine '{}'; compiled and checked against it in {} ms)",
                byName.isEmpty() ? "(none)" : String.join(", ", byName.keySet()), name, (System.nanoTime() - started) / 1_000_000);
        return compiled;
    }
}
