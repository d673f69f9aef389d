package dev.tessera.cube.sql;

import dev.tessera.cube.model.DataType;
import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;
import dev.tessera.cube.query.ValidatedQuery;
import dev.tessera.cube.time.DateRange;
import dev.tessera.cube.time.TimeSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code fill}: the grouped statement becomes the CTE {@code "grouped"}; {@code "filled"} lists every period of the
 * range (a bound list of first days, so one statement serves every engine) for each combination of the other levels
 * that has rows, joined to the grouped rows, and marks the periods that have none; {@code "cells"} keeps the rows
 * the answer shows. A period without rows answers its measures as NULL.
 */
final class PeriodStages {
    static final String GROUPED = "grouped";
    static final String FILLED = "filled";
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
        return q.time() != null && q.time().fill();
    }

    /** Opens the CTE the grouped statement is written into. */
    void open(SqlBuilder b) {
        b.append("WITH ").append(quote(GROUPED)).append(" AS (");
    }

    /**
     * Closes {@code "grouped"}, writes {@code "filled"} over {@code periods} and opens {@code "cells"}, selecting the
     * answer's levels and measures: the caller closes it, as after {@code WITH "cells" AS (} and a grouped statement.
     */
    void close(SqlBuilder b, ValidatedQuery q, DateRange periods) {
        b.append("), ");
        filled(b, q, periods);
        List<String> columns = new ArrayList<>();
        q.levels().forEach(l -> columns.add(quote(l.ref())));
        q.measures().forEach(m -> columns.add(quote(m.name())));
        b.append(", ").append(quote(CELLS)).append(" AS (SELECT ").append(String.join(", ", columns)).append(" FROM ")
                .append(quote(FILLED));
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
