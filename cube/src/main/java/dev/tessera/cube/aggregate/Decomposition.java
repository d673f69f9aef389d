package dev.tessera.cube.aggregate;

import dev.tessera.cube.model.Aggregation;
import dev.tessera.cube.model.DataType;
import dev.tessera.cube.model.Measure;
import dev.tessera.cube.sql.SqlDialect;
import java.util.List;

/**
 * How an aggregated measure splits into columns an aggregate can keep, and how the columns of several aggregate rows
 * combine into the measure again: sums, counts, minima and maxima combine with themselves (a count by summing), an
 * average from its sum and count. A distinct count does not split: which values were seen is lost in the sum.
 */
final class Decomposition {

    private Decomposition() {
    }

    static boolean decomposable(Aggregation aggregation) {
        return aggregation != Aggregation.COUNT_DISTINCT;
    }

    /** The partial aggregations an aggregate keeps for {@code m}, in column order. */
    static List<Aggregation> parts(Measure m) {
        return m.aggregation() == Aggregation.AVG ? List.of(Aggregation.SUM, Aggregation.COUNT) : List.of(m.aggregation());
    }

    /** The aggregate's column holding one part of {@code m}: {@code revenue$sum}. */
    static String column(Measure m, Aggregation part) {
        return m.name() + "$" + part.jsonName();
    }

    /** The measure computed again from an aggregate's rows: {@code column} gives a part's qualified column. */
    static String combine(SqlDialect dialect, Measure m, java.util.function.Function<String, String> column) {
        return switch (m.aggregation()) {
            case SUM -> "SUM(" + column.apply(column(m, Aggregation.SUM)) + ")";
            // COUNT over no rows is 0 where SUM over no rows is NULL (a grand total of an empty selection)
            case COUNT -> dialect.cast("COALESCE(SUM(" + column.apply(column(m, Aggregation.COUNT)) + "), 0)", DataType.INT);
            case MIN -> "MIN(" + column.apply(column(m, Aggregation.MIN)) + ")";
            case MAX -> "MAX(" + column.apply(column(m, Aggregation.MAX)) + ")";
            case AVG -> dialect.divide("SUM(" + column.apply(column(m, Aggregation.SUM)) + ")",
                    "SUM(" + column.apply(column(m, Aggregation.COUNT)) + ")");
            case COUNT_DISTINCT -> throw new IllegalArgumentException("a distinct count cannot be combined: " + m.name());
        };
    }

    /** A measure standing for one part of {@code m}, planned over the facts like any other when the aggregate is built. */
    static Measure partMeasure(Measure m, Aggregation part) {
        return new Measure(column(m, part), column(m, part), part, m.column(), m.expression(), null, null, null,
                part == Aggregation.COUNT ? DataType.INT : m.type(), m.joins());
    }
}
