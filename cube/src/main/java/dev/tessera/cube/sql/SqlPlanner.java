package dev.tessera.cube.sql;

import dev.tessera.cube.analytics.WindowPlanner;
import dev.tessera.cube.model.Cube;
import dev.tessera.cube.model.DataType;
import dev.tessera.cube.model.Join;
import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;
import dev.tessera.cube.query.ColumnDescriptor;
import dev.tessera.cube.query.ColumnKind;
import dev.tessera.cube.query.Condition;
import dev.tessera.cube.query.ValidatedQuery;
import dev.tessera.cube.restrict.EffectiveRestriction;
import dev.tessera.cube.time.DateRange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds one SQL statement per request, in the engine's {@link SqlDialect}. Identifiers and expressions come from
 * the cube model only; every value from the request is a bound parameter. The restriction is ANDed into WHERE,
 * before aggregation, so rows and totals alike cover visible facts only.
 */
public final class SqlPlanner {
    /** The lateral row of level values ({@link SqlDialect#groupingTakesColumnsOnly}); no table is named so. */
    private static final String LEVELS = "_levels";
    private final SqlDialect dialect;
    private final ModelSql model;
    private final ConditionSql conditions;
    private final TimeSql time;
    private final PeriodStages periods;
    private final WindowPlanner windows;

    public SqlPlanner(SqlDialect dialect) {
        this.dialect = Objects.requireNonNull(dialect);
        this.model = new ModelSql(dialect);
        this.conditions = new ConditionSql(dialect, model);
        this.time = new TimeSql(dialect);
        this.periods = new PeriodStages(dialect);
        this.windows = new WindowPlanner(dialect);
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /**
     * Plans the SQL for a validated query, with the user's row restriction applied. A query with calculations or a
     * top is the same grouped statement wrapped by {@link WindowPlanner}, which orders it instead; one with
     * {@code fill} or calculations along periods is first staged by {@link PeriodStages} (read over a widened range,
     * its periods listed, the period windows computed, the asked range kept), and its {@code "cells"} are what the
     * window planner, or the plain ORDER BY, reads.
     *
     * @param totalColumn add the pre-LIMIT row count as a last, hidden column (CSV export)
     * @param fetch       rows to ask for: the client's limit, plus one to tell whether there were more
     */
    public PlannedQuery plan(ValidatedQuery q, EffectiveRestriction restriction, boolean totalColumn, int fetch) {
        return plan(q, restriction, totalColumn, fetch, null);
    }

    /** Like {@link #plan(ValidatedQuery, EffectiveRestriction, boolean, int)}, reading {@code source} (null: the facts). */
    public PlannedQuery plan(ValidatedQuery q, EffectiveRestriction restriction, boolean totalColumn, int fetch,
                             FactSource source) {
        Cube cube = q.cube();
        ModelSql sourceModel = source == null ? model : new ModelSql(dialect, source);
        ConditionSql sourceConditions = source == null ? conditions : new ConditionSql(dialect, sourceModel);
        SqlBuilder b = new SqlBuilder(dialect);
        List<String> levelExpressions = q.levels().stream().map(l -> levelSql(q, l, sourceModel)).toList();
        boolean levelsAsColumns = q.hasTotals() && dialect.groupingTakesColumnsOnly();
        List<String> levelSql = levelsAsColumns ? levelColumns(levelExpressions.size()) : levelExpressions;
        boolean staged = PeriodStages.needed(q);
        boolean windowed = !q.analytics().isEmpty();
        if (staged) {
            periods.open(b);
        } else if (windowed) {
            windows.open(b);
        }
        List<ColumnDescriptor> columns = select(b, q, levelSql, totalColumn && !staged && !windowed, sourceModel);
        Condition where = and(q.where(), restriction.condition(cube));
        if (source == null) {
            from(b, cube, joinsOf(q, where));
        } else {
            b.append(" FROM ").append(dialect.quoteIdentifier(source.table()));
        }
        if (levelsAsColumns) {
            levelsLateral(b, levelExpressions);
        }
        if (where != null) {
            b.append(" WHERE ");
            sourceConditions.render(b, cube, where);
        }
        timeRange(b, q, where != null, staged ? PeriodStages.readRange(q) : q.time() == null ? null : q.time().range(),
                sourceModel);
        if (!q.levels().isEmpty()) {
            b.append(' ').append(dialect.groupBy(levelSql, groupingSets(q)));
        }
        if (q.having() != null) {
            b.append(" HAVING ");
            sourceConditions.render(b, cube, q.having());
        }
        if (staged) {
            periods.close(b, q);
        }
        if (windowed) {
            columns = windows.close(b, q, columns, restriction, totalColumn);
        } else {
            if (staged) {
                periods.select(b, totalColumn);
            }
            orderBy(b, q, levelSql);
        }
        limitOffset(b, fetch, q.offset());
        return new PlannedQuery(b.sql(), b.params(), List.copyOf(columns), q.limit(), q.offset(), totalColumn);
    }

    /** A level's SQL; the query's time level in its zone and at its granularity. */
    private String levelSql(ValidatedQuery q, Level l, ModelSql source) {
        String sql = source.level(l);
        return q.time() != null && q.time().level().equals(l) ? time.level(sql, q.time()) : sql;
    }

    /** The query's date range, ANDed to the WHERE clause (or starting one). */
    private void timeRange(SqlBuilder b, ValidatedQuery q, boolean hasWhere, DateRange range, ModelSql source) {
        if (range != null) {
            b.append(hasWhere ? " AND " : " WHERE ");
            time.range(b, source.level(q.time().level()), q.time(), range);
        }
    }

    /** The levels as columns of a lateral row, for an engine whose GROUPING() takes column names only. */
    private List<String> levelColumns(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(dialect.qualified(LEVELS, "l" + i));
        }
        return names;
    }

    /** {@code CROSS JOIN LATERAL (SELECT <level 0> AS "l0", ...) "_levels"}: one row per fact row, the levels' values. */
    private void levelsLateral(SqlBuilder b, List<String> expressions) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < expressions.size(); i++) {
            items.add(expressions.get(i) + " AS " + dialect.quoteIdentifier("l" + i));
        }
        b.append(" CROSS JOIN LATERAL (SELECT ").append(String.join(", ", items)).append(") ")
                .append(dialect.quoteIdentifier(LEVELS));
    }

    /** Distinct members of a level for filter pickers, restricted, optionally matching {@code search}. */
    public PlannedQuery members(Cube cube, Level level, String search, int fetch, EffectiveRestriction restriction) {
        SqlBuilder b = new SqlBuilder(dialect);
        String x = model.level(level);
        b.append("SELECT DISTINCT ").append(x).append(" AS ").append(dialect.quoteIdentifier(level.ref()));
        Condition where = restriction.condition(cube);
        Set<String> joins = new HashSet<>(level.joins());
        ConditionSql.collectJoins(where, joins);
        from(b, cube, joins);
        where(b, cube, where);
        if (search != null && !search.isEmpty()) {
            b.append(where == null ? " WHERE " : " AND ")
                    .append(dialect.like(dialect.lower(dialect.cast(x, DataType.STRING)), dialect.placeholder(DataType.STRING)));
            b.addParam("%" + conditions.escapeLike(search.toLowerCase(Locale.ROOT)) + "%", DataType.STRING);
        }
        b.append(" ORDER BY ").append(dialect.orderItem("1", false));
        limitOffset(b, fetch, 0);
        return new PlannedQuery(b.sql(), b.params(),
                List.of(new ColumnDescriptor(level.ref(), ColumnKind.LEVEL, level.type())), fetch, 0, false);
    }

    /** A statement that returns no rows but makes the engine bind {@code expression} (checked at start-up). */
    public String probe(Cube cube, String expression, boolean withJoins) {
        SqlBuilder b = new SqlBuilder(dialect);
        b.append("SELECT ").append(expression).append(" AS ").append(dialect.quoteIdentifier("probe"));
        from(b, cube, withJoins ? cube.joins().stream().map(Join::table).collect(Collectors.toSet()) : Set.of());
        b.append(" WHERE ").append(dialect.falsePredicate());
        return b.sql();
    }

    public String levelSql(Level l) {
        return model.level(l);
    }

    public String measureSql(Cube cube, Measure m) {
        return model.measure(cube, m);
    }

    /** Levels, then measures, then the totals marker and the CSV export's row count when asked for. */
    private List<ColumnDescriptor> select(SqlBuilder b, ValidatedQuery q, List<String> levelSql, boolean totalColumn,
                                          ModelSql modelSql) {
        List<ColumnDescriptor> columns = new ArrayList<>();
        List<String> select = new ArrayList<>();
        for (int i = 0; i < q.levels().size(); i++) {
            Level l = q.levels().get(i);
            select.add(levelSql.get(i) + " AS " + dialect.quoteIdentifier(l.ref()));
            boolean timed = q.time() != null && q.time().level().equals(l);
            columns.add(new ColumnDescriptor(l.ref(), ColumnKind.LEVEL, timed ? q.time().answerType() : l.type()));
        }
        for (Measure m : q.measures()) {
            select.add(modelSql.measure(q.cube(), m) + " AS " + dialect.quoteIdentifier(m.name()));
            columns.add(new ColumnDescriptor(m.name(), ColumnKind.MEASURE, m.type()));
        }
        if (q.hasTotals()) {
            select.add(dialect.grouping(levelSql) + " AS " + dialect.quoteIdentifier(Cube.GROUPING_COLUMN));
            columns.add(new ColumnDescriptor(Cube.GROUPING_COLUMN, ColumnKind.GROUPING, DataType.INT));
        }
        if (totalColumn) {
            select.add(dialect.totalRowsWindow() + " AS " + dialect.quoteIdentifier("_total"));
        }
        b.append("SELECT ").append(String.join(", ", select));
        return columns;
    }

    /** The joined tables the statement needs: those of its levels, measures and conditions, no more. */
    private static Set<String> joinsOf(ValidatedQuery q, Condition where) {
        Set<String> joins = new HashSet<>();
        q.levels().forEach(l -> joins.addAll(l.joins()));
        q.measures().forEach(m -> joins.addAll(m.joins()));
        if (q.time() != null) {
            joins.addAll(q.time().level().joins());
        }
        ConditionSql.collectJoins(where, joins);
        ConditionSql.collectJoins(q.having(), joins);
        return joins;
    }

    private void from(SqlBuilder b, Cube cube, Set<String> needed) {
        b.append(" FROM ").append(dialect.quoteIdentifier(cube.fact()));
        for (Join j : cube.joins()) {
            if (!needed.contains(j.table())) {
                continue;
            }
            b.append(" LEFT JOIN ").append(dialect.quoteIdentifier(j.table())).append(" ON ");
            int i = 0;
            for (Map.Entry<String, String> e : j.on().entrySet()) {
                b.append(i++ == 0 ? "" : " AND ").append(dialect.qualified(cube.fact(), e.getKey())).append(" = ")
                        .append(dialect.qualified(j.table(), e.getValue()));
            }
        }
    }

    private void where(SqlBuilder b, Cube cube, Condition where) {
        if (where != null) {
            b.append(" WHERE ");
            conditions.render(b, cube, where);
        }
    }

    /** The requested order, then tie-breakers that make paging stable; with totals, a subtotal follows its rows. */
    private void orderBy(SqlBuilder b, ValidatedQuery q, List<String> levelSql) {
        List<String> order = new ArrayList<>();
        Set<Integer> ordered = new HashSet<>();
        for (ValidatedQuery.Order o : q.order()) {
            order.add(dialect.orderItem(Integer.toString(o.column() + 1), o.descending()));
            ordered.add(o.column());
        }
        for (int i = 0; i < levelSql.size(); i++) {
            if (q.hasTotals()) {
                order.add(dialect.orderItem(dialect.grouping(List.of(levelSql.get(i))), false));
            }
            if (!ordered.contains(i)) {
                order.add(dialect.orderItem(Integer.toString(i + 1), false));
            }
        }
        if (!order.isEmpty()) {
            b.append(" ORDER BY ").append(String.join(", ", order));
        }
    }

    /** The full set first; a subtotal on level i keeps levels 0..i; the grand total keeps none. */
    private static List<List<Integer>> groupingSets(ValidatedQuery q) {
        int n = q.levels().size();
        Set<List<Integer>> sets = new LinkedHashSet<>();
        sets.add(range(n));
        for (Level s : q.subtotals()) {
            sets.add(range(q.levels().indexOf(s) + 1));
        }
        if (q.grandTotal()) {
            sets.add(List.of());
        }
        return new ArrayList<>(sets);
    }

    private static List<Integer> range(int n) {
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            r.add(i);
        }
        return r;
    }

    private void limitOffset(SqlBuilder b, int limit, int offset) {
        b.append(' ').append(dialect.limitOffset());
        List<Long> values = dialect.offsetBeforeLimit() ? List.of((long) offset, (long) limit) : List.of((long) limit, (long) offset);
        values.forEach(v -> b.addParam(v, DataType.INT));
    }

    private static Condition and(Condition a, Condition b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return new Condition.And(List.of(a, b));
    }
}
