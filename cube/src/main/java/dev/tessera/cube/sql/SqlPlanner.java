package dev.tessera.cube.sql;

import dev.tessera.cube.model.Aggregation;
import dev.tessera.cube.model.Cube;
import dev.tessera.cube.model.DataType;
import dev.tessera.cube.model.Formula;
import dev.tessera.cube.model.Join;
import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;
import dev.tessera.cube.query.ColumnDescriptor;
import dev.tessera.cube.query.ColumnKind;
import dev.tessera.cube.query.Condition;
import dev.tessera.cube.query.FilterOp;
import dev.tessera.cube.query.ValidatedQuery;
import dev.tessera.cube.restrict.EffectiveRestriction;
import java.time.temporal.Temporal;
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
 * Builds one SQL statement per request. Identifiers and expressions come from the cube model only; every
 * value from the request is a bound parameter. The restriction is ANDed into WHERE, before aggregation, so
 * rows and totals alike cover visible facts only.
 */
public final class SqlPlanner {
    private final SqlDialect dialect;

    public SqlPlanner(SqlDialect dialect) {
        this.dialect = Objects.requireNonNull(dialect);
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /**
     * @param totalColumn add the pre-LIMIT row count as a last, hidden column (CSV export)
     * @param fetch       rows to ask for: the client's limit, plus one to tell whether there were more
     */
    public PlannedQuery plan(ValidatedQuery q, EffectiveRestriction restriction, boolean totalColumn, int fetch) {
        Cube cube = q.cube();
        Builder b = new Builder();
        List<String> levelSql = q.levels().stream().map(this::levelSql).toList();
        List<ColumnDescriptor> columns = new ArrayList<>();
        List<String> select = new ArrayList<>();
        for (int i = 0; i < q.levels().size(); i++) {
            Level l = q.levels().get(i);
            select.add(levelSql.get(i) + " AS " + dialect.quoteIdentifier(l.ref()));
            columns.add(new ColumnDescriptor(l.ref(), ColumnKind.LEVEL, l.type()));
        }
        for (Measure m : q.measures()) {
            select.add(measureSql(cube, m) + " AS " + dialect.quoteIdentifier(m.name()));
            columns.add(new ColumnDescriptor(m.name(), ColumnKind.MEASURE, m.type()));
        }
        boolean totals = q.hasTotals();
        if (totals) {
            select.add(dialect.grouping(levelSql) + " AS " + dialect.quoteIdentifier(Cube.GROUPING_COLUMN));
            columns.add(new ColumnDescriptor(Cube.GROUPING_COLUMN, ColumnKind.GROUPING, DataType.INT));
        }
        if (totalColumn) {
            select.add(dialect.totalRowsWindow() + " AS " + dialect.quoteIdentifier("_total"));
        }
        b.sql.append("SELECT ").append(String.join(", ", select));

        Condition where = and(q.where(), restriction.condition(cube));
        Set<String> joins = new HashSet<>();
        q.levels().forEach(l -> joins.addAll(l.joins()));
        q.measures().forEach(m -> joins.addAll(m.joins()));
        collectJoins(where, joins);
        collectJoins(q.having(), joins);
        from(b, cube, joins);
        if (where != null) {
            b.sql.append(" WHERE ");
            condition(b, cube, where);
        }
        if (!q.levels().isEmpty()) {
            b.sql.append(' ').append(dialect.groupBy(levelSql, groupingSets(q)));
        }
        if (q.having() != null) {
            b.sql.append(" HAVING ");
            condition(b, cube, q.having());
        }
        List<String> order = new ArrayList<>();
        Set<Integer> ordered = new HashSet<>();
        for (ValidatedQuery.Order o : q.order()) {
            order.add(dialect.orderItem(Integer.toString(o.column() + 1), o.descending()));
            ordered.add(o.column());
        }
        // Tie-breakers make paging stable; with totals, a subtotal follows the rows it sums.
        for (int i = 0; i < levelSql.size(); i++) {
            if (totals) {
                order.add(dialect.orderItem(dialect.grouping(List.of(levelSql.get(i))), false));
            }
            if (!ordered.contains(i)) {
                order.add(dialect.orderItem(Integer.toString(i + 1), false));
            }
        }
        if (!order.isEmpty()) {
            b.sql.append(" ORDER BY ").append(String.join(", ", order));
        }
        limitOffset(b, fetch, q.offset());
        return new PlannedQuery(b.sql.toString(), List.copyOf(b.params), List.copyOf(columns), q.limit(), q.offset(),
                totalColumn);
    }

    /** Distinct members of a level for filter pickers, restricted, optionally matching {@code search}. */
    public PlannedQuery members(Cube cube, Level level, String search, int fetch, EffectiveRestriction restriction) {
        Builder b = new Builder();
        String x = levelSql(level);
        b.sql.append("SELECT DISTINCT ").append(x).append(" AS ").append(dialect.quoteIdentifier(level.ref()));
        Condition where = restriction.condition(cube);
        Set<String> joins = new HashSet<>(level.joins());
        collectJoins(where, joins);
        from(b, cube, joins);
        boolean hasWhere = false;
        if (where != null) {
            b.sql.append(" WHERE ");
            condition(b, cube, where);
            hasWhere = true;
        }
        if (search != null && !search.isEmpty()) {
            b.sql.append(hasWhere ? " AND " : " WHERE ")
                    .append(dialect.like(dialect.lower(dialect.cast(x, DataType.STRING)), dialect.placeholder(DataType.STRING)));
            b.addParam("%" + escapeLike(search.toLowerCase(Locale.ROOT)) + "%", DataType.STRING);
        }
        b.sql.append(" ORDER BY ").append(dialect.orderItem("1", false));
        limitOffset(b, fetch, 0);
        return new PlannedQuery(b.sql.toString(), List.copyOf(b.params),
                List.of(new ColumnDescriptor(level.ref(), ColumnKind.LEVEL, level.type())), fetch, 0, false);
    }

    /** A statement that returns no rows but makes the engine bind {@code expression} (checked at start-up). */
    public String probe(Cube cube, String expression, boolean withJoins) {
        Builder b = new Builder();
        b.sql.append("SELECT ").append(expression).append(" AS ").append(dialect.quoteIdentifier("probe"));
        from(b, cube, withJoins ? cube.joins().stream().map(Join::table).collect(Collectors.toSet()) : Set.of());
        b.sql.append(" WHERE ").append(dialect.falsePredicate());
        return b.sql.toString();
    }

    public String levelSql(Level l) {
        return l.column() != null ? dialect.qualified(l.column().table(), l.column().column()) : "(" + l.expression() + ")";
    }

    public String measureSql(Cube cube, Measure m) {
        if (m.isFormula()) {
            return formula(cube, m.formula());
        }
        String arg = m.column() != null ? dialect.qualified(m.column().table(), m.column().column())
                : m.expression() != null ? "(" + m.expression() + ")" : "*";
        Aggregation a = m.aggregation();
        return switch (a) {
            case SUM -> "SUM(" + arg + ")";
            case COUNT -> "COUNT(" + arg + ")";
            case AVG -> "AVG(" + arg + ")";
            case MIN -> "MIN(" + arg + ")";
            case MAX -> "MAX(" + arg + ")";
            case COUNT_DISTINCT -> dialect.countDistinct(arg);
        };
    }

    private String formula(Cube cube, Formula f) {
        if (f instanceof Formula.Ref r) {
            return "(" + measureSql(cube, cube.measures().get(r.measure())) + ")";
        }
        if (f instanceof Formula.Num n) {
            return n.value().toPlainString();
        }
        if (f instanceof Formula.Negate n) {
            return "(-" + formula(cube, n.operand()) + ")";
        }
        Formula.Binary bin = (Formula.Binary) f;
        String l = formula(cube, bin.left());
        String r = formula(cube, bin.right());
        return bin.op() == '/' ? dialect.divide(l, r) : "(" + l + " " + bin.op() + " " + r + ")";
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

    private void from(Builder b, Cube cube, Set<String> needed) {
        b.sql.append(" FROM ").append(dialect.quoteIdentifier(cube.fact()));
        for (Join j : cube.joins()) {
            if (!needed.contains(j.table())) {
                continue;
            }
            b.sql.append(" LEFT JOIN ").append(dialect.quoteIdentifier(j.table())).append(" ON ");
            int i = 0;
            for (Map.Entry<String, String> e : j.on().entrySet()) {
                b.sql.append(i++ == 0 ? "" : " AND ").append(dialect.qualified(cube.fact(), e.getKey())).append(" = ")
                        .append(dialect.qualified(j.table(), e.getValue()));
            }
        }
    }

    private void limitOffset(Builder b, int limit, int offset) {
        b.sql.append(' ').append(dialect.limitOffset());
        if (dialect.offsetBeforeLimit()) {
            b.params.add(new SqlParam((long) offset, DataType.INT));
            b.params.add(new SqlParam((long) limit, DataType.INT));
        } else {
            b.params.add(new SqlParam((long) limit, DataType.INT));
            b.params.add(new SqlParam((long) offset, DataType.INT));
        }
    }

    private void collectJoins(Condition c, Set<String> joins) {
        if (c instanceof Condition.And a) {
            a.parts().forEach(p -> collectJoins(p, joins));
        } else if (c instanceof Condition.Or o) {
            o.parts().forEach(p -> collectJoins(p, joins));
        } else if (c instanceof Condition.Not n) {
            collectJoins(n.part(), joins);
        } else if (c instanceof Condition.LevelCondition l) {
            joins.addAll(l.level().joins());
        } else if (c instanceof Condition.MeasureCondition m) {
            joins.addAll(m.measure().joins());
        }
    }

    private void condition(Builder b, Cube cube, Condition c) {
        if (c instanceof Condition.And a) {
            junction(b, cube, a.parts(), " AND ");
        } else if (c instanceof Condition.Or o) {
            junction(b, cube, o.parts(), " OR ");
        } else if (c instanceof Condition.Not n) {
            b.sql.append("(NOT ");
            condition(b, cube, n.part());
            b.sql.append(')');
        } else if (c instanceof Condition.False) {
            b.sql.append('(').append(dialect.falsePredicate()).append(')');
        } else if (c instanceof Condition.LevelCondition l) {
            predicate(b, levelSql(l.level()), l.level().type(), l.op(), l.values(), l.includeNulls());
        } else if (c instanceof Condition.MeasureCondition m) {
            predicate(b, measureSql(cube, m.measure()), m.measure().type(), m.op(), m.values(), false);
        }
    }

    private void junction(Builder b, Cube cube, List<Condition> parts, String op) {
        b.sql.append('(');
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                b.sql.append(op);
            }
            condition(b, cube, parts.get(i));
        }
        b.sql.append(')');
    }

    private void predicate(Builder b, String x, DataType type, FilterOp op, List<Object> values, boolean includeNulls) {
        List<Object> nonNull = values.stream().filter(Objects::nonNull).toList();
        boolean hasNull = nonNull.size() < values.size();
        b.sql.append('(');
        switch (op) {
            case EQ, IN -> {
                if (!nonNull.isEmpty()) {
                    list(b, x, nonNull, type, op == FilterOp.EQ ? " = " : " IN ");
                }
                if (hasNull || includeNulls) {
                    b.sql.append(nonNull.isEmpty() ? "" : " OR ").append(x).append(" IS NULL");
                }
            }
            case NE, NOT_IN -> {
                if (!nonNull.isEmpty()) {
                    list(b, x, nonNull, type, op == FilterOp.NE ? " <> " : " NOT IN ");
                } else {
                    b.sql.append(x).append(" IS NOT NULL");
                }
                if (includeNulls) {
                    b.sql.append(" OR ").append(x).append(" IS NULL");
                }
            }
            case GT, GTE, LT, LTE -> {
                String sym = switch (op) {
                    case GT -> " > ";
                    case GTE -> " >= ";
                    case LT -> " < ";
                    default -> " <= ";
                };
                b.sql.append(x).append(sym);
                b.param(values.get(0), type);
                nullsTail(b, x, includeNulls);
            }
            case BETWEEN -> {
                b.sql.append(x).append(" BETWEEN ");
                b.param(values.get(0), type);
                b.sql.append(" AND ");
                b.param(values.get(1), type);
                nullsTail(b, x, includeNulls);
            }
            case CONTAINS, STARTS_WITH -> {
                b.sql.append(dialect.like(x, dialect.placeholder(DataType.STRING)));
                String v = escapeLike((String) values.get(0));
                b.addParam(op == FilterOp.CONTAINS ? "%" + v + "%" : v + "%", DataType.STRING);
                nullsTail(b, x, includeNulls);
            }
            case IS_NULL -> b.sql.append(x).append(" IS NULL");
            case IS_NOT_NULL -> b.sql.append(x).append(" IS NOT NULL");
        }
        b.sql.append(')');
    }

    private static void nullsTail(Builder b, String x, boolean includeNulls) {
        if (includeNulls) {
            b.sql.append(" OR ").append(x).append(" IS NULL");
        }
    }

    private void list(Builder b, String x, List<Object> values, DataType type, String op) {
        b.sql.append(x).append(op);
        boolean paren = op.contains("IN");
        if (paren) {
            b.sql.append('(');
        }
        for (int i = 0; i < values.size(); i++) {
            b.sql.append(i == 0 ? "" : ", ");
            b.param(values.get(i), type);
        }
        if (paren) {
            b.sql.append(')');
        }
    }

    private String escapeLike(String text) {
        String e = String.valueOf(dialect.likeEscape());
        return text.replace(e, e + e).replace("%", e + "%").replace("_", e + "_");
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

    private final class Builder {
        final StringBuilder sql = new StringBuilder();
        final List<SqlParam> params = new ArrayList<>();

        void param(Object value, DataType type) {
            sql.append(dialect.placeholder(type));
            addParam(value, type);
        }

        /** A value whose placeholder the caller already wrote. */
        void addParam(Object value, DataType type) {
            params.add(new SqlParam(value instanceof Temporal ? value.toString() : value, type));
        }
    }
}
