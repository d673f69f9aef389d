package dev.tessera.cube.sql;

import dev.tessera.cube.analytics.Calculation;
import dev.tessera.cube.analytics.WindowPlanner;
import dev.tessera.cube.model.DataType;
import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;
import dev.tessera.cube.query.ValidatedQuery;
import dev.tessera.cube.time.DateRange;
import dev.tessera.cube.time.Granularity;
import dev.tessera.cube.time.TimeSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code fill} and the calculations along periods ({@link Calculation.AlongPeriods}): the grouped statement becomes
 * the CTE {@code "grouped"}, read over the range widened back by the periods the calculations look at;
 * {@code "filled"} lists every period of that range (a bound list of first days, so one statement serves every engine)
 * for each combination of the other levels that has rows, joined to the grouped rows, and marks the periods that have
 * none; {@code "timed"} adds the calculations' windows, which may count rows as periods because none is missing;
 * {@code "cells"} keeps the asked range, and the empty periods only with fill. A period without rows answers its
 * measures as NULL. Ranks, shares and top ({@code WindowPlanner}) then work on {@code "cells"} as on any query's.
 */
final class PeriodStages {
    static final String GROUPED = "grouped";
    static final String FILLED = "filled";
    static final String TIMED = "timed";
    static final String CELLS = "cells";
    /** Marks a period the grouped rows did not have. */
    static final String EMPTY = "_empty";
    private static final String PERIODS = "periods";
    private static final String KEYS = "keys";
    private final SqlDialect dialect;

    PeriodStages(SqlDialect dialect) {
        this.dialect = dialect;
    }

    static boolean needed(ValidatedQuery q) {
        return q.time() != null && (q.time().fill() || !alongPeriods(q).isEmpty());
    }

    static List<Calculation.AlongPeriods> alongPeriods(ValidatedQuery q) {
        return q.analytics().calculations().stream().filter(c -> c instanceof Calculation.AlongPeriods)
                .map(c -> (Calculation.AlongPeriods) c).toList();
    }

    /**
     * The days the grouped statement reads: the asked range, begun earlier by the most periods a calculation looks
     * back, and at the start of the year (quarter, month) of its first day for a running total that resets.
     */
    static DateRange readRange(ValidatedQuery q) {
        TimeSpec t = q.time();
        Granularity g = t.granularity();
        LocalDate from = t.range().from();
        int back = alongPeriods(q).stream().mapToInt(Calculation.AlongPeriods::periodsBack).max().orElse(0);
        LocalDate start = g == null ? from : g.plus(g.start(from, t.weekStart()), -back);
        for (Calculation.AlongPeriods c : alongPeriods(q)) {
            if (c instanceof Calculation.Running r && r.reset() != null && r.reset().start(from, t.weekStart()).isBefore(start)) {
                start = r.reset().start(from, t.weekStart());
            }
        }
        return new DateRange(start, t.range().to());
    }

    /** Opens the CTE the grouped statement is written into. */
    void open(SqlBuilder b) {
        b.append("WITH ").append(quote(GROUPED)).append(" AS (");
    }

    /**
     * Closes {@code "grouped"}, writes {@code "filled"} over {@code periods} and opens {@code "cells"}, selecting the
     * answer's levels and measures: the caller closes it, as after {@code WITH "cells" AS (} and a grouped statement.
     */
    void close(SqlBuilder b, ValidatedQuery q) {
        b.append("), ");
        filled(b, q, readRange(q));
        timed(b, q);
        List<String> columns = new ArrayList<>();
        q.levels().forEach(l -> columns.add(quote(l.ref())));
        q.measures().forEach(m -> columns.add(quote(m.name())));
        alongPeriods(q).forEach(c -> columns.add(column(q, c)));
        b.append(", ").append(quote(CELLS)).append(" AS (SELECT ").append(String.join(", ", columns)).append(" FROM ")
                .append(quote(TIMED)).append(" WHERE ").append(quote(q.time().level().ref())).append(" >= ");
        b.param(q.time().granularity().start(q.time().range().from(), q.time().weekStart()), DataType.DATE);
        if (!q.time().fill()) {
            b.append(" AND NOT ").append(quote(EMPTY));
        }
    }

    /** {@code "timed"}: the filled rows and each calculation's window over the periods of its combination of levels. */
    private void timed(SqlBuilder b, ValidatedQuery q) {
        b.append(", ").append(quote(TIMED)).append(" AS (SELECT ").append(quote(FILLED)).append(".*");
        for (Calculation.AlongPeriods c : alongPeriods(q)) {
            b.append(", ");
            window(b, q, c);
            b.append(" AS ").append(column(q, c));
        }
        b.append(" FROM ").append(quote(FILLED)).append(')');
    }

    private void window(SqlBuilder b, ValidatedQuery q, Calculation.AlongPeriods c) {
        String m = quote(c.measure().name());
        if (c instanceof Calculation.PreviousPeriod p) {
            b.append(compare(m, "LAG(" + m + ", 1) OVER (" + over(q, null) + ")", p.show()));
        } else if (c instanceof Calculation.SamePeriodLastYear y) {
            b.append(compare(m, "LAG(" + m + ", " + y.periodsPerYear() + ") OVER (" + over(q, null) + ")", y.show()));
        } else if (c instanceof Calculation.Running r) {
            b.append("SUM(");
            if (r.reset() == null) { // from the range's first period on; the periods read before it are for others
                b.append("CASE WHEN ").append(quote(q.time().level().ref())).append(" >= ");
                b.param(q.time().granularity().start(q.time().range().from(), q.time().weekStart()), DataType.DATE);
                b.append(" THEN ").append(m).append(" END");
            } else {
                b.append(m);
            }
            b.append(") OVER (").append(over(q, r.reset())).append(" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)");
        } else if (c instanceof Calculation.Rolling r) {
            b.append(r.aggregation().toUpperCase(Locale.ROOT)).append('(').append(m).append(") OVER (").append(over(q, null))
                    .append(" ROWS BETWEEN ").append(Integer.toString(r.periods() - 1)).append(" PRECEDING AND CURRENT ROW)");
        }
    }

    /** The calculation's SQL name, the one {@link WindowPlanner} reads: never the name the request gave it. */
    private String column(ValidatedQuery q, Calculation c) {
        return quote(WindowPlanner.columnName(q.analytics().calculations().indexOf(c)));
    }

    private String compare(String measure, String other, Calculation.Show show) {
        return switch (show) {
            case VALUE -> other;
            case DIFFERENCE -> "(" + measure + " - " + other + ")";
            case RATIO -> dialect.divide(measure, other);
        };
    }

    /** One window per combination of the other levels (and per reset period), along the periods in order. */
    private String over(ValidatedQuery q, Granularity reset) {
        List<String> partition = new ArrayList<>(q.levels().stream().filter(l -> !l.equals(q.time().level()))
                .map(l -> quote(l.ref())).toList());
        String period = quote(q.time().level().ref());
        if (reset != null) {
            partition.add(dialect.cast("date_trunc('" + reset.jsonName() + "', " + period + ")", DataType.DATE));
        }
        return (partition.isEmpty() ? "" : "PARTITION BY " + String.join(", ", partition) + " ") + "ORDER BY " + period;
    }

    /** The statement's end when nothing else follows {@code "cells"}: all of it, then ORDER BY and paging. */
    void select(SqlBuilder b, boolean totalColumn) {
        b.append(") SELECT ").append(quote(CELLS)).append(".*");
        if (totalColumn) {
            b.append(", ").append(dialect.totalRowsWindow()).append(" AS ").append(quote("_total"));
        }
        b.append(" FROM ").append(quote(CELLS));
    }

    private void filled(SqlBuilder b, ValidatedQuery q, DateRange range) {
        TimeSpec t = q.time();
        List<String> others = q.levels().stream().filter(l -> !l.equals(t.level())).map(Level::ref).toList();
        b.append(quote(FILLED)).append(" AS (SELECT ").append(String.join(", ", filledColumns(q)));
        b.append(" FROM (VALUES ");
        List<LocalDate> periods = t.periods(range);
        for (int i = 0; i < periods.size(); i++) {
            b.append(i == 0 ? "(" : ", (");
            b.param(periods.get(i), DataType.DATE);
            b.append(')');
        }
        b.append(") AS ").append(quote(PERIODS)).append('(').append(quote("p")).append(')');
        if (!others.isEmpty()) {
            b.append(" CROSS JOIN (SELECT DISTINCT ").append(String.join(", ", others.stream().map(this::quote).toList()))
                    .append(" FROM ").append(quote(GROUPED)).append(") AS ").append(quote(KEYS));
        }
        b.append(" LEFT JOIN ").append(quote(GROUPED)).append(" ON ").append(dialect.qualified(GROUPED, t.level().ref()))
                .append(" = ").append(dialect.qualified(PERIODS, "p"));
        for (String ref : others) {
            b.append(" AND ").append(dialect.qualified(GROUPED, ref)).append(" IS NOT DISTINCT FROM ")
                    .append(dialect.qualified(KEYS, ref));
        }
        b.append(')');
    }

    /** The levels in the query's order (the period from the list, the others from the keys), measures, the mark. */
    private List<String> filledColumns(ValidatedQuery q) {
        List<String> select = new ArrayList<>();
        for (Level l : q.levels()) {
            String source = l.equals(q.time().level()) ? dialect.qualified(PERIODS, "p") : dialect.qualified(KEYS, l.ref());
            select.add(source + " AS " + quote(l.ref()));
        }
        for (Measure m : q.measures()) {
            select.add(dialect.qualified(GROUPED, m.name()) + " AS " + quote(m.name()));
        }
        select.add(dialect.qualified(GROUPED, q.time().level().ref()) + " IS NULL AS " + quote(EMPTY));
        return select;
    }

    private String quote(String name) {
        return dialect.quoteIdentifier(name);
    }
}
