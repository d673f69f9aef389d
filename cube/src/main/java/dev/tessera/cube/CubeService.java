package dev.tessera.cube;

import dev.tessera.cube.engine.Cursor;
import dev.tessera.cube.engine.QueryCaps;
import dev.tessera.cube.engine.QueryEngine;
import dev.tessera.cube.model.Cube;
import dev.tessera.cube.model.CubeDefinition;
import dev.tessera.cube.model.CubeModelValidator;
import dev.tessera.cube.model.DataType;
import dev.tessera.cube.model.Dimension;
import dev.tessera.cube.model.Hierarchy;
import dev.tessera.cube.model.InvalidCubeModelException;
import dev.tessera.cube.model.Join;
import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;
import dev.tessera.cube.query.CubeQuery;
import dev.tessera.cube.query.QueryError;
import dev.tessera.cube.query.QueryValidationException;
import dev.tessera.cube.query.QueryValidator;
import dev.tessera.cube.query.ValidatedQuery;
import dev.tessera.cube.restrict.CubeGrant;
import dev.tessera.cube.restrict.EffectiveRestriction;
import dev.tessera.cube.restrict.RestrictionResolver;
import dev.tessera.cube.sql.BoundSql;
import dev.tessera.cube.sql.PlannedQuery;
import dev.tessera.cube.sql.SqlPlanner;
import io.dropwizard.lifecycle.Managed;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server's cube resources call. Cubes compile against the engine at {@link #start()} (the engine must be
 * running); every query method takes the caller's effective restriction and a user key for the per-user
 * concurrency cap.
 *
 * <p>Exceptions: {@link UnknownCubeException} (404), {@link QueryValidationException} (422 with
 * {@code errors[]}), {@link ResultTooLargeException} (422), {@link TooManyQueriesException} (429),
 * {@link EngineUnavailableException} (503), {@link QueryTimeoutException} (504), {@link QueryFailedException} (500).
 */
public final class CubeService implements Managed {
    /** Members answered when the request names no limit. */
    public static final int DEFAULT_MEMBERS_LIMIT = 100;
    private static final String STARTUP_USER = "_startup";
    private static final Logger LOG = LoggerFactory.getLogger(CubeService.class);

    private final QueryEngine engine;
    private final List<CubeDefinition> definitions;
    private final SqlPlanner planner;
    private volatile Map<String, Cube> cubes = Map.of();

    public CubeService(QueryEngine engine, List<CubeDefinition> definitions) {
        this.engine = engine;
        this.definitions = definitions == null ? List.of() : List.copyOf(definitions);
        this.planner = new SqlPlanner(engine.dialect());
    }

    /**
     * Compiles the cubes against the running engine's tables and has the engine bind every expression.
     *
     * @throws InvalidCubeModelException listing every problem, each naming cube, item and what is wrong
     */
    @Override
    public synchronized void start() throws Exception {
        long started = System.nanoTime();
        List<Cube> compiled = CubeModelValidator.compile(definitions, engine.catalog());
        List<String> problems = new ArrayList<>();
        Map<String, Cube> out = new LinkedHashMap<>();
        for (Cube c : compiled) {
            out.put(c.name(), probe(c, problems));
        }
        if (!problems.isEmpty()) {
            throw new InvalidCubeModelException(problems);
        }
        cubes = Collections.unmodifiableMap(out);
        LOG.info("Cubes ready: {} (compiled and checked against the engine in {} ms)",
                out.isEmpty() ? "(none)" : String.join(", ", out.keySet()), (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void stop() {
        // the engine has its own lifecycle
    }

    public List<CubeSummary> listCubes() {
        return cubes.values().stream().map(c -> new CubeSummary(c.name(), c.title(), c.description())).toList();
    }

    public Collection<Cube> cubes() {
        return cubes.values();
    }

    /** @throws UnknownCubeException */
    public Cube cube(String name) {
        Cube c = cubes.get(name);
        if (c == null) {
            throw new UnknownCubeException(name, cubes.keySet());
        }
        return c;
    }

    public CubeMetadata metadata(String cubeName) {
        Cube c = cube(cubeName);
        List<CubeMetadata.DimensionInfo> dims = c.dimensions().stream().map(d -> new CubeMetadata.DimensionInfo(
                d.name(), d.title(), d.hierarchies().stream().map(h -> new CubeMetadata.HierarchyInfo(h.name(), h.title(),
                h.levels().stream().map(l -> new CubeMetadata.LevelInfo(l.name(), l.ref(), l.title(), l.type())).toList()))
                .toList())).toList();
        List<CubeMetadata.MeasureInfo> measures = c.measures().values().stream().map(m -> new CubeMetadata.MeasureInfo(
                m.name(), m.title(), m.type(), m.isFormula() ? "formula" : m.aggregation().jsonName(), m.formulaText(),
                m.format())).toList();
        return new CubeMetadata(c.name(), c.title(), c.description(), dims, measures);
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
                out.add(normalize(rs.getObject(1)));
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
                out.add(readRow(rs, width));
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

    private static Object[] readRow(ResultSet rs, int width) throws SQLException {
        Object[] row = new Object[width];
        for (int i = 0; i < width; i++) {
            row[i] = normalize(rs.getObject(i + 1));
        }
        return row;
    }

    /** JSON- and CSV-friendly values: dates and times as ISO text, 128-bit integers as Long where they fit. */
    static Object normalize(Object v) {
        if (v instanceof Temporal || v instanceof java.util.Date) {
            return v instanceof java.sql.Date d ? d.toLocalDate().toString()
                    : v instanceof java.sql.Timestamp t ? t.toLocalDateTime().toString() : v.toString();
        }
        if (v instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof java.util.UUID) {
            return v.toString();
        }
        return v;
    }

    /** Has the engine bind each expression: fact table alone if it can (so no join is needed), else with joins. */
    private Cube probe(Cube c, List<String> problems) {
        Set<String> allJoins = c.joins().stream().map(Join::table).collect(Collectors.toSet());
        Map<String, Level> levels = new LinkedHashMap<>();
        for (Level l : c.levels().values()) {
            if (l.expression() == null) {
                levels.put(l.ref(), l);
                continue;
            }
            Probe p = probe(c, "(" + l.expression() + ")", allJoins);
            if (p.error != null) {
                problems.add("cube '" + c.name() + "': level '" + l.ref() + "': expression \"" + l.expression()
                        + "\" does not work: " + p.error);
                levels.put(l.ref(), l);
            } else {
                levels.put(l.ref(), new Level(l.ref(), l.hierarchy(), l.name(), l.title(),
                        declaredType(c, l) != null ? l.type() : p.type, null, l.expression(), p.joins));
            }
        }
        Map<String, Measure> measures = new LinkedHashMap<>();
        for (Measure m : c.measures().values()) {
            if (m.expression() == null || m.isFormula()) {
                measures.put(m.name(), m);
                continue;
            }
            Probe p = probe(c, planner.measureSql(c, m), allJoins);
            if (p.error != null) {
                problems.add("cube '" + c.name() + "': measure '" + m.name() + "': expression \"" + m.expression()
                        + "\" does not work: " + p.error);
                measures.put(m.name(), m);
            } else {
                DataType type = switch (m.aggregation()) {
                    case COUNT, COUNT_DISTINCT -> DataType.INT;
                    case AVG -> DataType.DOUBLE;
                    default -> p.type;
                };
                measures.put(m.name(), new Measure(m.name(), m.title(), m.aggregation(), null, m.expression(), null,
                        null, m.format(), type, p.joins));
            }
        }
        // Formulas take their joins from the measures they name, which may just have shrunk.
        Map<String, Measure> withFormulas = new LinkedHashMap<>();
        for (Measure m : measures.values()) {
            withFormulas.put(m.name(), m.isFormula() ? new Measure(m.name(), m.title(), null, null, null, m.formula(),
                    m.formulaText(), m.format(), m.type(), formulaJoins(m, measures)) : m);
        }
        List<Dimension> dims = c.dimensions().stream().map(d -> new Dimension(d.name(), d.title(),
                d.hierarchies().stream().map(h -> new Hierarchy(h.name(), h.title(),
                        h.levels().stream().map(l -> levels.get(l.ref())).toList())).toList())).toList();
        return new Cube(c.name(), c.title(), c.description(), c.fact(), c.joins(), dims,
                Collections.unmodifiableMap(levels), Collections.unmodifiableMap(withFormulas), c.defaultAccess());
    }

    private DataType declaredType(Cube c, Level l) {
        for (CubeDefinition d : definitions) {
            if (d.name().equals(c.name())) {
                return d.dimensions().stream().flatMap(x -> x.hierarchies().stream())
                        .filter(h -> h.name().equals(l.hierarchy())).flatMap(h -> h.levels().stream())
                        .filter(x -> l.name().equals(x.name())).findFirst().map(x -> x.type()).orElse(null);
            }
        }
        return null;
    }

    private static Set<String> formulaJoins(Measure formula, Map<String, Measure> measures) {
        Set<String> refs = new java.util.HashSet<>();
        dev.tessera.cube.model.Formula.collectRefs(formula.formula(), refs);
        Set<String> joins = new java.util.HashSet<>();
        for (String r : refs) {
            Measure m = measures.get(r);
            if (m != null) {
                joins.addAll(m.isFormula() ? formulaJoins(m, measures) : m.joins());
            }
        }
        return Set.copyOf(joins);
    }

    private Probe probe(Cube c, String expression, Set<String> allJoins) {
        Duration timeout = engine.caps().queryTimeout();
        String alone = planner.probe(c, expression, false);
        try {
            return new Probe(typeOf(alone, timeout), Set.of(), null);
        } catch (QueryFailedException e) {
            if (allJoins.isEmpty()) {
                return new Probe(null, null, e.getMessage().replaceFirst("^the engine refused the statement: ", ""));
            }
        }
        try {
            return new Probe(typeOf(planner.probe(c, expression, true), timeout), allJoins, null);
        } catch (QueryFailedException e) {
            return new Probe(null, null, e.getMessage().replaceFirst("^the engine refused the statement: ", ""));
        }
    }

    private DataType typeOf(String sql, Duration timeout) {
        return engine.query(STARTUP_USER, BoundSql.of(sql, List.of()), timeout,
                rs -> engine.dialect().modelType(rs.getMetaData().getColumnTypeName(1)));
    }

    private record Probe(DataType type, Set<String> joins, String error) {
    }
}
