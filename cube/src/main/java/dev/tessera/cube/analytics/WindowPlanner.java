package dev.tessera.cube.analytics;

import dev.tessera.cube.model.DataType;
import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;
import dev.tessera.cube.query.ColumnDescriptor;
import dev.tessera.cube.query.ColumnKind;
import dev.tessera.cube.query.ValidatedQuery;
import dev.tessera.cube.restrict.EffectiveRestriction;
import dev.tessera.cube.sql.SqlBuilder;
import dev.tessera.cube.sql.SqlDialect;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Plans a query with calculations or a top. The plain grouped statement (levels, measures, WHERE with the user's
 * restriction, GROUP BY, HAVING; no ORDER BY or LIMIT) becomes the CTE {@code "cells"}; {@code "calculated"} adds one
 * window expression per calculation (and the top's row number); {@code "answer"} keeps the top cells and adds the
 * {@code others} rows; the statement then orders and pages the answer. Windows see the cells only, so ranks and shares
 * are over what the user may see, after filters and having, before paging.
 */
public final class WindowPlanner {
    /** The answer column that marks the remainder row of a {@code top} with {@code others}. */
    public static final String OTHERS_COLUMN = "_others";
    private static final String CELLS = "cells";
    private static final String CALCULATED = "calculated";
    private static final String ANSWER = "answer";
    private static final String TOP = "_top";

    private final SqlDialect dialect;

    public WindowPlanner(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /** Opens the statement: what the caller writes next, the plain grouped statement, becomes {@code "cells"}. */
    public void open(SqlBuilder b) {
        b.append("WITH ").append(quote(CELLS)).append(" AS (");
    }

    /**
     * Closes {@code "cells"} and writes the rest of the statement up to its ORDER BY; the caller adds LIMIT/OFFSET.
     *
     * @param cells       the columns of {@code "cells"}: the levels, then the measures
     * @param totalColumn add the row count before LIMIT as a last, hidden column (CSV export)
     * @return the answer's columns
     */
    public List<ColumnDescriptor> close(SqlBuilder b, ValidatedQuery q, List<ColumnDescriptor> cells,
                                        EffectiveRestriction restriction, boolean totalColumn) {
        b.append(")");
        calculated(b, q);
        List<ColumnDescriptor> columns = answer(b, q, cells, restriction);
        b.append(" SELECT ").append(quote(ANSWER)).append(".*");
        if (totalColumn) {
            b.append(", ").append(dialect.totalRowsWindow()).append(" AS ").append(quote("_total"));
        }
        b.append(" FROM ").append(quote(ANSWER));
        orderBy(b, q, columns);
        return columns;
    }

    /** {@code "calculated"}: every cell, with each calculation's window and the top's row number. */
    private void calculated(SqlBuilder b, ValidatedQuery q) {
        List<String> select = new ArrayList<>();
        select.add(quote(CELLS) + ".*");
        List<Calculation> calculations = q.analytics().calculations();
        for (int i = 0; i < calculations.size(); i++) {
            if (!(calculations.get(i) instanceof Calculation.AlongPeriods)) { // a column of "cells" already (PeriodStages)
                select.add(expression(calculations.get(i)) + " AS " + calculationColumn(i));
            }
        }
        TopN top = q.analytics().top();
        if (top != null) {
            select.add("ROW_NUMBER() OVER (" + partition(top.within() == null ? List.of() : List.of(top.within()))
                    + "ORDER BY " + topOrder(q, top) + ") AS " + quote(TOP));
        }
        b.append(", ").append(quote(CALCULATED)).append(" AS (SELECT ").append(String.join(", ", select))
                .append(" FROM ").append(quote(CELLS)).append(")");
    }

    /** The window expression of one calculation, over the columns of {@code "cells"}. */
    private String expression(Calculation c) {
        if (c instanceof Calculation.Rank r) {
            return "RANK() OVER (" + partition(r.within() == null ? List.of() : List.of(r.within()))
                    + "ORDER BY " + dialect.orderItem(quote(r.measure().name()), r.descending()) + ")";
        }
        if (c instanceof Calculation.Share s) {
            return dialect.divide(quote(s.measure().name()),
                    "SUM(" + quote(s.measure().name()) + ") OVER (" + partition(s.partition()).strip() + ")");
        }
        throw new IllegalStateException("no window for calculation " + c.getClass().getSimpleName());
    }

    /** The top's measure in its direction, then every other level ascending: ties at the cut-off fall the same way everywhere. */
    private String topOrder(ValidatedQuery q, TopN top) {
        List<String> items = new ArrayList<>();
        items.add(dialect.orderItem(quote(top.by().name()), top.descending()));
        for (Level l : q.levels()) {
            if (!l.equals(top.within())) {
                items.add(dialect.orderItem(quote(l.ref()), false));
            }
        }
        return String.join(", ", items);
    }

    /** {@code "answer"}: the kept cells, and with others one row per group summing the cut ones. */
    private List<ColumnDescriptor> answer(SqlBuilder b, ValidatedQuery q, List<ColumnDescriptor> cells,
                                          EffectiveRestriction restriction) {
        List<ColumnDescriptor> columns = new ArrayList<>(cells);
        List<String> names = new ArrayList<>(cells.stream().map(c -> quote(c.name())).toList());
        List<Calculation> calculations = q.analytics().calculations();
        for (int i = 0; i < calculations.size(); i++) {
            Calculation c = calculations.get(i);
            columns.add(new ColumnDescriptor(c.name(), ColumnKind.MEASURE, c.type(), note(c, restriction)));
            names.add(calculationColumn(i));
        }
        TopN top = q.analytics().top();
        boolean others = top != null && top.others();
        b.append(", ").append(quote(ANSWER)).append(" AS (SELECT ").append(String.join(", ", names));
        if (others) {
            b.append(", FALSE AS ").append(quote(OTHERS_COLUMN));
            columns.add(new ColumnDescriptor(OTHERS_COLUMN, ColumnKind.GROUPING, DataType.BOOLEAN));
        }
        b.append(" FROM ").append(quote(CALCULATED));
        if (top != null) {
            b.append(" WHERE ").append(quote(TOP)).append(" <= ");
            b.param((long) top.n(), DataType.INT);
        }
        if (others) {
            othersRows(b, q, top);
        }
        b.append(")");
        return columns;
    }

    /** {@code UNION ALL} one row per group of the cut cells: the group's level, the other levels null, measures summed. */
    private void othersRows(SqlBuilder b, ValidatedQuery q, TopN top) {
        List<String> select = new ArrayList<>();
        for (Level l : q.levels()) {
            select.add(l.equals(top.within()) ? quote(l.ref()) : "NULL");
        }
        for (Measure m : q.measures()) {
            select.add("SUM(" + quote(m.name()) + ")");
        }
        q.analytics().calculations().forEach(c -> select.add("NULL"));
        select.add("TRUE");
        b.append(" UNION ALL SELECT ").append(String.join(", ", select)).append(" FROM ").append(quote(CALCULATED))
                .append(" WHERE ").append(quote(TOP)).append(" > ");
        b.param((long) top.n(), DataType.INT);
        if (top.within() != null) {
            b.append(" GROUP BY ").append(quote(top.within().ref()));
        }
        b.append(" HAVING COUNT(*) > 0");
    }

    /** The requested order; then, with a top, its groups, the others row last in each, its measure; then the levels. */
    private void orderBy(SqlBuilder b, ValidatedQuery q, List<ColumnDescriptor> columns) {
        List<String> order = new ArrayList<>();
        Set<Integer> ordered = new HashSet<>();
        for (ValidatedQuery.Order o : q.order()) {
            order.add(dialect.orderItem(Integer.toString(o.column() + 1), o.descending()));
            ordered.add(o.column());
        }
        TopN top = q.analytics().top();
        if (top != null) {
            if (top.within() != null && ordered.add(q.levels().indexOf(top.within()))) {
                order.add(dialect.orderItem(Integer.toString(q.levels().indexOf(top.within()) + 1), false));
            }
            if (top.others()) {
                order.add(dialect.orderItem(Integer.toString(columns.size()), false));
            }
            int by = q.levels().size() + q.measures().indexOf(top.by());
            if (ordered.add(by)) {
                order.add(dialect.orderItem(Integer.toString(by + 1), top.descending()));
            }
        }
        for (int i = 0; i < q.levels().size(); i++) {
            if (!ordered.contains(i)) {
                order.add(dialect.orderItem(Integer.toString(i + 1), false));
            }
        }
        if (!order.isEmpty()) {
            b.append(" ORDER BY ").append(String.join(", ", order));
        }
    }

    /** A share says what its total is of: the rows this user may see, which a restriction makes fewer than all. */
    private static String note(Calculation c, EffectiveRestriction restriction) {
        if (!(c instanceof Calculation.Share s)) {
            return null;
        }
        String of = s.partition().isEmpty() ? "the grand total" : "the total per "
                + String.join(", ", s.partition().stream().map(Level::ref).toList());
        return "share of " + s.measure().name() + " in " + of + " of the visible rows"
                + (restriction instanceof EffectiveRestriction.Restricted
                        ? " (restricted: rows this user may not see are in no total, so shares add up to 1 over the user's view)"
                        : " (every row is visible to this user)");
    }

    private String partition(List<Level> levels) {
        return levels.isEmpty() ? "" : "PARTITION BY " + String.join(", ", levels.stream().map(l -> quote(l.ref())).toList()) + " ";
    }

    /**
     * The SQL name of the i-th calculation's column: the name the request gave is only the answer column's, so that no
     * identifier in the statement comes from a request.
     */
    private String calculationColumn(int i) {
        return quote(columnName(i));
    }

    /** The unquoted SQL name of the i-th calculation's column, for the stages that compute some before this planner. */
    public static String columnName(int i) {
        return "_c" + i;
    }

    private String quote(String name) {
        return dialect.quoteIdentifier(name);
    }
}
