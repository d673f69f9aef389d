package dev.tessera.cube;

import dev.tessera.cube.engine.Cursor;
import dev.tessera.cube.engine.QueryCaps;
import dev.tessera.cube.engine.QueryEngine;
import dev.tessera.cube.model.Cube;
import dev.tessera.cube.model.CubeCompiler;
import dev.tessera.cube.model.CubeDefinition;
import dev.tessera.cube.model.DataType;
import dev.tessera.cube.model.InvalidCubeModelException;
import dev.tessera.cube.model.Level;
import dev.tessera.cube.query.CubeQuery;
import dev.tessera.cube.query.QueryError;
import dev.tessera.cube.query.QueryValidationException;
import dev.tessera.cube.query.QueryValidator;
import dev.tessera.cube.query.ValidatedQuery;
import dev.tessera.cube.restrict.CubeGrant;
import dev.tessera.cube.restrict.EffectiveRestriction;
import dev.tessera.cube.restrict.RestrictionResolver;
import dev.tessera.cube.sql.PlannedQuery;
import dev.tessera.cube.sql.SqlPlanner;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server's cube resources call: the cubes, compiled once against a running engine by {@link #compile},
 * and the queries on them. Every query method takes the caller's effective restriction and a user key for the
 * per-user concurrency cap.
 *
 * <p>Exceptions: {@link UnknownCubeException} (404), {@link QueryValidationException} (422 with
 * {@code errors[]}), {@link ResultTooLargeException} (422), {@link TooManyQueriesException} (429),
 * {@link EngineUnavailableException} (503), {@link QueryTimeoutException} (504), {@link QueryFailedException} (500).
 */
public final class CubeService {
    /** Members answered when the request names no limit. */
    public static final int DEFAULT_MEMBERS_LIMIT = 100;
    private static final Logger LOG = LoggerFactory.getLogger(CubeService.class);

    private final QueryEngine engine;
    private final SqlPlanner planner;
    private final Map<String, Cube> cubes;
    private final List<CubeDefinition> definitions;

    private CubeService(QueryEngine engine, SqlPlanner planner, List<CubeDefinition> definitions, List<Cube> compiled) {
        this.engine = engine;
        this.planner = planner;
        this.definitions = definitions;
        Map<String, Cube> byName = new LinkedHashMap<>();
        compiled.forEach(c -> byName.put(c.name(), c));
        this.cubes = Collections.unmodifiableMap(byName);
    }

    /**
     * Compiles the cubes against the running engine's tables and has the engine bind every expression.
     *
     * @throws InvalidCubeModelException listing every problem, each naming cube, item and what is wrong
     */
    public static CubeService compile(QueryEngine engine, List<CubeDefinition> definitions) {
        long started = System.nanoTime();
        SqlPlanner planner = new SqlPlanner(engine.dialect());
        List<CubeDefinition> defined = definitions == null ? List.of() : List.copyOf(definitions);
        List<Cube> compiled = CubeCompiler.compile(defined, engine.catalog(), new EngineExpressionProbe(engine, planner));
        LOG.info("Cubes ready: {} (compiled and checked against the engine in {} ms)",
                compiled.isEmpty() ? "(none)" : String.join(", ", compiled.stream().map(Cube::name).toList()),
                (System.nanoTime() - started) / 1_000_000);
        return new CubeService(engine, planner, defined, compiled);
    }

    /**
     * What would break if {@code candidate} (the engine's next data, not yet served) replaced the data the cubes were
     * compiled against: a table or column gone, an expression the engine now refuses, or a level or measure whose
     * type would change under the compiled cubes. Empty when the candidate may be served.
     */
    public List<String> reloadProblems(QueryEngine candidate) {
        List<Cube> fresh;
        try {
            fresh = CubeCompiler.compile(definitions, candidate.catalog(), new EngineExpressionProbe(candidate, planner));
        } catch (InvalidCubeModelException e) {
            return e.problems();
        }
        List<String> problems = new ArrayList<>();
        for (Cube next : fresh) {
            Cube now = cubes.get(next.name());
            now.levels().forEach((ref, level) -> typeChange(problems, now, "level", ref, level.type(),
                    next.levels().get(ref).type()));
            now.measures().forEach((name, measure) -> typeChange(problems, now, "measure", name, measure.type(),
                    next.measures().get(name).type()));
        }
        return problems;
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

    public List<CubeSummary> listCubes() {
        return cubes.values().stream().map(c -> new CubeSummary(c.name(), c.title(), c.description())).toList();
    }

    public CubeMetadata metadata(String cubeName) {
        return CubeMetadata.of(cube(cubeName));
    }

    /** The user's restriction on one cube (Atoti's rule; see {@link RestrictionResolver}). */
    public EffectiveRestriction restriction(String cubeName, boolean isAdmin, Collection<Map<String, CubeGrant>> roleGrants) {
        return RestrictionResolver.resolve(cube(cubeName), isAdmin, roleGrants);
    }

    /** The user's restriction on every cube, e.g. for whoami via {@code RestrictionRenderer.render}. */
    public Map<String, EffectiveRestriction> restrictions(boolean isAdmin, Collection<Map<String, CubeGrant>> roleGrants) {
        return RestrictionResolver.resolveAll(cubes.values(), isAdmin, roleGrants);
    }

    /** Problems in one role's restriction document (for the admin PUT; empty when fine). */
    public List<QueryError> validateGrants(Map<String, CubeGrant> grants) {
        return RestrictionResolver.validate(cubes, grants);
    }

    /**
     * What is wrong with a query on this cube today, without running it (empty when it would run): a saved query is
     * checked again when listed, since the cube may have changed since it was saved.
     */
    public List<QueryError> problems(String cubeName, CubeQuery query) {
        try {
            validate(cubeName, query, engine.caps().maxRows());
            return List.of();
        } catch (QueryValidationException e) {
            return e.errors();
        }
    }

    /**
     * Member values of a level for filter pickers, within the restriction, optionally those containing
     * {@code search} (case-insensitive), at most {@code limit} (default 100, at most {@code maxRows}).
     */
    public MembersResult members(String cubeName, String levelRef, String search, Integer limit,
                                 EffectiveRestriction restriction, String user) {
        Cube c = cube(cubeName);
        Level level = c.levels().get(levelRef);
        if (level == null) {
            throw new QueryValidationException(null, "unknown level '" + levelRef + "' in cube '" + cubeName
                    + "'; levels are: " + String.join(", ", c.levels().keySet()));
        }
        int max = engine.caps().maxRows();
        int n = limit == null ? Math.min(DEFAULT_MEMBERS_LIMIT, max) : limit;
        if (n < 0 || n > max) {
            throw new QueryValidationException(null, "limit must be between 0 and " + max);
        }
        PlannedQuery p = planner.members(c, level, search, n + 1, restriction);
        List<Object> values = engine.query(user, p, engine.caps().queryTimeout(), rs -> {
            List<Object> out = new ArrayList<>();
            while (rs.next()) {
                out.add(ResultRows.normalize(rs.getObject(1)));
            }
            return out;
        });
        boolean truncated = values.size() > n;
        return new MembersResult(level.ref(), level.type(), truncated ? values.subList(0, n) : values, truncated);
    }

    /** Runs a query for a JSON answer: at most {@code limit} rows (default and cap {@code maxRows}). */
    public QueryResult query(String cubeName, CubeQuery query, EffectiveRestriction restriction, String user) {
        ValidatedQuery v = validate(cubeName, query, engine.caps().maxRows());
        PlannedQuery p = planner.plan(v, restriction, false, v.limit() + 1);
        long started = System.nanoTime();
        int width = p.columns().size();
        List<Object[]> rows = engine.query(user, p, v.timeout(), rs -> {
            List<Object[]> out = new ArrayList<>();
            while (rs.next()) {
                out.add(ResultRows.read(rs, width));
            }
            return out;
        });
        boolean truncated = rows.size() > v.limit();
        List<Object[]> page = truncated ? rows.subList(0, v.limit()) : rows;
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        return new QueryResult(p.columns(), page, new QueryResult.Page(v.limit(), v.offset(), page.size(), truncated),
                new QueryResult.Stats(elapsed));
    }

    /**
     * Runs a query for CSV export. All rows are sent (or {@code limit} of them, at most {@code csvMaxRows});
     * a result larger than {@code csvMaxRows} raises {@link ResultTooLargeException} before anything is written.
     * The caller streams the answer with {@link CsvExport#writeTo} and closes it.
     */
    public CsvExport openCsv(String cubeName, CubeQuery query, EffectiveRestriction restriction, String user) {
        int cap = engine.caps().csvMaxRows();
        ValidatedQuery v = validate(cubeName, query, cap);
        boolean explicitLimit = query.limit() != null;
        PlannedQuery p = planner.plan(v, restriction, true, explicitLimit ? v.limit() : cap + 1);
        Cursor cursor = engine.open(user, p, v.timeout());
        try {
            ResultSet rs = cursor.resultSet();
            boolean first = rs.next();
            if (first && !explicitLimit) {
                long total = rs.getLong(p.columns().size() + 1) - v.offset();
                if (total > cap) {
                    throw new ResultTooLargeException(total, cap);
                }
            }
            return new CsvExport(cursor, p.columns(), first);
        } catch (SQLException e) {
            cursor.close();
            throw new QueryFailedException("reading the result failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            cursor.close();
            throw e;
        }
    }

    /** The statement a query becomes under this restriction, values redacted. Does not run it. */
    public ExplainResult explain(String cubeName, CubeQuery query, EffectiveRestriction restriction) {
        ValidatedQuery v = validate(cubeName, query, engine.caps().maxRows());
        PlannedQuery p = planner.plan(v, restriction, false, v.limit() + 1);
        return new ExplainResult(p.sql(), p.redactedParams());
    }

    private ValidatedQuery validate(String cubeName, CubeQuery query, int maxRows) {
        QueryCaps caps = engine.caps();
        return QueryValidator.validate(cube(cubeName), query,
                new QueryValidator.Limits(maxRows, caps.queryTimeout(), caps.sizes()));
    }

    /** The cube of that name; throws {@link UnknownCubeException} when there is none. */
    private Cube cube(String name) {
        Cube c = cubes.get(name);
        if (c == null) {
            throw new UnknownCubeException(name, cubes.keySet());
        }
        return c;
    }
}
