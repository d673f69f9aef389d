package dev.tessera.cube;

import dev.tessera.cube.aggregate.AggregateStore;
import dev.tessera.cube.cache.CacheKey;
import dev.tessera.cube.cache.Canonical;
import dev.tessera.cube.cache.ResultCache;
import dev.tessera.cube.engine.Cursor;
import dev.tessera.cube.engine.QueryCaps;
import dev.tessera.cube.engine.QueryEngine;
import dev.tessera.cube.model.Cube;
import dev.tessera.cube.model.CubeCompiler;
import dev.tessera.cube.model.CubeDefinition;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** The engine a query on a single-engine server runs on, and the name the old {@code engine:} block gets. */
    public static final String DEFAULT_ENGINE = "default";

    /** Every defined cube's engine, in the order of {@code cubes:}. */
    private final Map<String, EngineCubes> engineOfCube;

    /** JSON/Arrow answers and members of cacheable engines ({@link QueryEngine#cacheable()}). */
    private final ResultCache cache;

    private CubeService(Map<String, EngineCubes> engineOfCube, ResultCache cache) {
        this.engineOfCube = engineOfCube;
        this.cache = cache;
    }

    /** The same cubes, answering through {@code resultCache}. */
    public CubeService withResultCache(ResultCache resultCache) {
        return new CubeService(engineOfCube, resultCache);
    }

    /** One engine, named {@code default}, for every cube. */
    public static CubeService compile(QueryEngine engine, List<CubeDefinition> definitions) {
        return compile(Map.of(DEFAULT_ENGINE, engine), definitions);
    }

    /**
     * Routes each cube to the engine it names (none named: the only engine, or {@code default}), then compiles
     * each engine's cubes against its running tables and has the engine bind every expression. An engine that is
     * not reachable yet leaves its cubes to compile when it is (they answer 503 meanwhile).
     *
     * @throws InvalidCubeModelException listing every problem, each naming cube, item and what is wrong
     */
    public static CubeService compile(Map<String, ? extends QueryEngine> engines, List<CubeDefinition> definitions) {
        List<CubeDefinition> defs = definitions == null ? List.of() : definitions;
        List<String> problems = new ArrayList<>(EngineNames.problems(defs, engines.keySet()));
        if (engines.size() > 1) {
            problems.addAll(CubeCompiler.validate(defs)); // a name used twice across engines, seen by no engine alone
        }
        if (!problems.isEmpty()) {
            throw new InvalidCubeModelException(problems);
        }
        Map<String, EngineCubes> byEngine = new LinkedHashMap<>();
        engines.forEach((name, engine) -> byEngine.put(name, new EngineCubes(name, engine,
                defs.stream().filter(d -> EngineNames.engineOf(d, engines.keySet()).equals(name)).toList())));
        Map<String, EngineCubes> byCube = new LinkedHashMap<>();
        defs.stream().filter(d -> d != null && d.name() != null)
                .forEach(d -> byCube.put(d.name(), byEngine.get(EngineNames.engineOf(d, engines.keySet()))));
        byEngine.values().forEach(EngineCubes::compileAtStart);
        return new CubeService(Collections.unmodifiableMap(byCube), ResultCache.DISABLED);
    }

    /** The cubes that can answer now: those of an engine not reachable yet are left out until it is. */
    public List<CubeSummary> listCubes() {
        return readyCubes().values().stream().map(c -> new CubeSummary(c.name(), c.title(), c.description())).toList();
    }

    public CubeMetadata metadata(String cubeName) {
        return CubeMetadata.of(cube(cubeName));
    }

    /** Whether the cube is defined, ready or waiting for its engine. */
    public boolean hasCube(String cubeName) {
        return engineOfCube.containsKey(cubeName);
    }

    /**
     * What would break if {@code candidate} (engine {@code engineName}'s next data, not yet served) replaced the data
     * that engine's cubes were compiled against: a table or column gone, an expression the engine now refuses, or a
     * level or measure whose type would change. Empty when the candidate may be served.
     */
    public List<String> reloadProblems(String engineName, QueryEngine candidate) {
        return engineOfCube.values().stream().filter(on -> on.name().equals(engineName)).findFirst()
                .map(on -> on.reloadProblems(candidate)).orElse(List.of());
    }

    /** The name of the engine a cube runs on. */
    public String engineOf(String cubeName) {
        return route(cubeName).name();
    }

    /** The user's restriction on one cube (Atoti's rule; see {@link RestrictionResolver}). */
    public EffectiveRestriction restriction(String cubeName, boolean isAdmin, Collection<Map<String, CubeGrant>> roleGrants) {
        return RestrictionResolver.resolve(cube(cubeName), isAdmin, roleGrants);
    }

    /** The user's restriction on every cube, e.g. for whoami via {@code RestrictionRenderer.render}. */
    public Map<String, EffectiveRestriction> restrictions(boolean isAdmin, Collection<Map<String, CubeGrant>> roleGrants) {
        return RestrictionResolver.resolveAll(readyCubes().values(), isAdmin, roleGrants);
    }

    /** Problems in one role's restriction document (for the admin PUT; empty when fine). */
    public List<QueryError> validateGrants(Map<String, CubeGrant> grants) {
        return RestrictionResolver.validate(readyCubes(), grants);
    }

    /**
     * What is wrong with a query on this cube today, without running it (empty when it would run): a saved query is
     * checked again when listed, since the cube may have changed since it was saved.
     */
    public List<QueryError> problems(String cubeName, CubeQuery query) {
        try {
            validate(cubeName, query, route(cubeName).engine().caps().maxRows());
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
        return members(cubeName, levelRef, search, limit, restriction, user, false);
    }

    /** Like {@link #members(String, String, String, Integer, EffectiveRestriction, String)}; {@code refresh} skips the cache. */
    public MembersResult members(String cubeName, String levelRef, String search, Integer limit,
                                 EffectiveRestriction restriction, String user, boolean refresh) {
        EngineCubes on = route(cubeName);
        Level level = level(cubeName, levelRef);
        int n = membersLimit(on.engine(), limit);
        return cacheOf(on).get(membersKey(on, cubeName, level, search, n, restriction), refresh,
                () -> runMembers(on, cube(cubeName), level, search, n, restriction, user));
    }

    /**
     * The strong entity tag of a members answer: changes with the data version, the request and the restriction;
     * null on an engine that is not {@link QueryEngine#cacheable()} (its answers cannot be revalidated).
     */
    public String membersTag(String cubeName, String levelRef, String search, Integer limit,
                             EffectiveRestriction restriction) {
        EngineCubes on = route(cubeName);
        if (!on.engine().cacheable()) {
            return null;
        }
        return membersKey(on, cubeName, level(cubeName, levelRef), search, membersLimit(on.engine(), limit), restriction)
                .entityTag("members");
    }

    /** The strong entity tag of a cube's metadata: changes when its engine's data does. */
    public String metadataTag(String cubeName) {
        EngineCubes on = route(cubeName);
        cube(cubeName);
        return new CacheKey(on.name(), on.engine().dataVersion(), cubeName, "metadata", "").entityTag("json");
    }

    /**
     * The strong entity tag of a query's answer in {@code format} ({@code json}, {@code csv}, {@code arrow}): from
     * the same key the result cache uses, so it changes with the data version, the query and the restriction. Null
     * on an engine that is not {@link QueryEngine#cacheable()}.
     */
    public String queryTag(String cubeName, CubeQuery query, EffectiveRestriction restriction, String format) {
        EngineCubes on = route(cubeName);
        if (!on.engine().cacheable()) {
            return null;
        }
        QueryCaps caps = on.engine().caps();
        ValidatedQuery v = validate(cubeName, query, "csv".equals(format) ? caps.csvMaxRows() : caps.maxRows());
        String explicit = query.limit() == null ? "" : ";explicitLimit";
        return queryKey(on, cubeName, v, restriction).entityTag(format + explicit);
    }

    private Level level(String cubeName, String levelRef) {
        Cube c = cube(cubeName);
        Level level = c.levels().get(levelRef);
        if (level == null) {
            throw new QueryValidationException(null, "unknown level '" + levelRef + "' in cube '" + cubeName
                    + "'; levels are: " + String.join(", ", c.levels().keySet()));
        }
        return level;
    }

    private static int membersLimit(QueryEngine engine, Integer limit) {
        int max = engine.caps().maxRows();
        int n = limit == null ? Math.min(DEFAULT_MEMBERS_LIMIT, max) : limit;
        if (n < 0 || n > max) {
            throw new QueryValidationException(null, "limit must be between 0 and " + max);
        }
        return n;
    }

    private static CacheKey membersKey(EngineCubes on, String cubeName, Level level, String search, int n,
                                       EffectiveRestriction restriction) {
        String request = "members:" + level.ref() + ";limit=" + n + ";search=" + (search == null ? "-" : "+" + search);
        return new CacheKey(on.name(), on.engine().dataVersion(), cubeName, request, Canonical.restriction(restriction));
    }

    private static MembersResult runMembers(EngineCubes on, Cube c, Level level, String search, int n,
                                            EffectiveRestriction restriction, String user) {
        QueryEngine engine = on.engine();
        PlannedQuery p = on.planner().members(c, level, search, n + 1, restriction);
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
        return query(cubeName, query, restriction, user, false);
    }

    /**
     * Like {@link #query(String, CubeQuery, EffectiveRestriction, String)}, answered from the result cache when the
     * same query under the same restriction was answered on this data version; {@code refresh} runs it anyway and
     * keeps the new answer. {@code stats.elapsedMs} is this request's time, cache or not.
     */
    public QueryResult query(String cubeName, CubeQuery query, EffectiveRestriction restriction, String user,
                             boolean refresh) {
        long started = System.nanoTime();
        EngineCubes on = route(cubeName);
        ValidatedQuery v = validate(cubeName, query, on.engine().caps().maxRows());
        QueryResult answer = cacheOf(on).get(queryKey(on, cubeName, v, restriction), refresh,
                () -> run(on, v, restriction, user));
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        return new QueryResult(answer.columns(), answer.rows(), answer.page(), new QueryResult.Stats(elapsed), answer.time());
    }

    /**
     * A query's answer encoded by {@code encoder} (the Arrow stream): kept in the result cache under the rows' key
     * plus {@code format}, so a repeated request sends the kept bytes without encoding them again. A miss runs the
     * same statement as JSON (same limit, restriction, single flight) and encodes straight from the engine's result
     * set when the encoder can ({@link AnswerEncoder#encodeFromEngine}), else from its rows.
     */
    public byte[] queryEncoded(String cubeName, CubeQuery query, EffectiveRestriction restriction, String user,
                               boolean refresh, String format, AnswerEncoder encoder) {
        EngineCubes on = route(cubeName);
        ValidatedQuery v = validate(cubeName, query, on.engine().caps().maxRows());
        return cacheOf(on).get(queryKey(on, cubeName, v, restriction).encodedAs(format), refresh,
                () -> runEncoded(on, v, restriction, user, encoder));
    }

    private static byte[] runEncoded(EngineCubes on, ValidatedQuery v, EffectiveRestriction restriction, String user,
                                     AnswerEncoder encoder) {
        AggregateStore.Target target = on.aggregates().target(v, restriction);
        PlannedQuery p = target.planner().plan(v, restriction, false, v.limit() + 1, target.source());
        long started = System.nanoTime();
        return target.engine().query(user, p, v.timeout(), rs -> {
            byte[] direct = encoder.encodeFromEngine(rs, p.columns(), v.limit(), v.offset());
            return direct != null ? direct : encoder.encode(answer(p, v, readRows(rs, p.columns().size()), started));
        });
    }

    private static CacheKey queryKey(EngineCubes on, String cubeName, ValidatedQuery v, EffectiveRestriction restriction) {
        return new CacheKey(on.name(), on.engine().dataVersion(), cubeName, "query:" + Canonical.query(v),
                Canonical.restriction(restriction));
    }

    private ResultCache cacheOf(EngineCubes on) {
        return on.engine().cacheable() ? cache : ResultCache.DISABLED;
    }

    private static QueryResult run(EngineCubes on, ValidatedQuery v, EffectiveRestriction restriction, String user) {
        AggregateStore.Target target = on.aggregates().target(v, restriction);
        QueryEngine engine = target.engine();
        PlannedQuery p = target.planner().plan(v, restriction, false, v.limit() + 1, target.source());
        long started = System.nanoTime();
        return answer(p, v, engine.query(user, p, v.timeout(), rs -> readRows(rs, p.columns().size())), started);
    }

    private static List<Object[]> readRows(ResultSet rs, int width) throws SQLException {
        List<Object[]> out = new ArrayList<>();
        while (rs.next()) {
            out.add(ResultRows.read(rs, width));
        }
        return out;
    }

    /** The page of at most {@code limit} rows (the statement read one more, to tell whether more exist). */
    private static QueryResult answer(PlannedQuery p, ValidatedQuery v, List<Object[]> rows, long started) {
        boolean truncated = rows.size() > v.limit();
        List<Object[]> page = List.copyOf(truncated ? rows.subList(0, v.limit()) : rows);
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        return new QueryResult(p.columns(), page, new QueryResult.Page(v.limit(), v.offset(), page.size(), truncated),
                new QueryResult.Stats(elapsed), v.time() == null ? null : v.time().answer());
    }

    /**
     * Runs a query for CSV export. All rows are sent (or {@code limit} of them, at most {@code csvMaxRows});
     * a result larger than {@code csvMaxRows} raises {@link ResultTooLargeException} before anything is written.
     * The caller streams the answer with {@link CsvExport#writeTo} and closes it.
     */
    public CsvExport openCsv(String cubeName, CubeQuery query, EffectiveRestriction restriction, String user) {
        int cap = route(cubeName).engine().caps().csvMaxRows();
        ValidatedQuery v = validate(cubeName, query, cap);
        boolean explicitLimit = query.limit() != null;
        AggregateStore.Target target = route(cubeName).aggregates().target(v, restriction);
        QueryEngine engine = target.engine();
        PlannedQuery p = target.planner().plan(v, restriction, true, explicitLimit ? v.limit() : cap + 1, target.source());
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
        ValidatedQuery v = validate(cubeName, query, route(cubeName).engine().caps().maxRows());
        AggregateStore.Target target = route(cubeName).aggregates().target(v, restriction);
        PlannedQuery p = target.planner().plan(v, restriction, false, v.limit() + 1, target.source());
        return new ExplainResult(p.sql(), p.redactedParams(), target.source() == null ? null : target.source().table(),
                target.route().verdicts());
    }

    /** The aggregates of every engine: their builds, for {@code /metrics} and the admin view. */
    public List<AggregateStore> aggregateStores() {
        List<AggregateStore> stores = new ArrayList<>();
        engineOfCube.values().stream().distinct().forEach(on -> stores.add(on.aggregates()));
        return stores;
    }

    private ValidatedQuery validate(String cubeName, CubeQuery query, int maxRows) {
        QueryCaps caps = route(cubeName).engine().caps();
        return QueryValidator.validate(cube(cubeName), query,
                new QueryValidator.Limits(maxRows, caps.queryTimeout(), caps.sizes()));
    }

    /**
     * The cube of that name; throws {@link UnknownCubeException} when there is none, and
     * {@link EngineUnavailableException} naming the engine while the engine it runs on cannot be reached.
     */
    private Cube cube(String name) {
        return route(name).cubes().get(name);
    }

    private EngineCubes route(String cubeName) {
        EngineCubes on = engineOfCube.get(cubeName);
        if (on == null) {
            throw new UnknownCubeException(cubeName, readyCubes().keySet());
        }
        return on;
    }

    /** The compiled cubes of every reachable engine, in the order of {@code cubes:}. */
    private Map<String, Cube> readyCubes() {
        Map<String, Cube> ready = new LinkedHashMap<>();
        engineOfCube.forEach((name, on) -> {
            Cube c = on.ready().get(name);
            if (c != null) {
                ready.put(name, c);
            }
        });
        return ready;
    }
}
