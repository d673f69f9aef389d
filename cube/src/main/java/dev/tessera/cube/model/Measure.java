package dev.tessera.cube.model;

import java.util.Set;

/**
 * A compiled measure: aggregated ({@code aggregation} over {@code column}, {@code expression} or, for
 * {@code count}, all rows) or a {@code formula} over other measures (then {@code aggregation} is null).
 */
public record Measure(String name, String title, Aggregation aggregation, ColumnRef column, String expression,
                      Formula formula, String formulaText, String format, DataType type, Set<String> joins) {

    public boolean isFormula() {
        return formula != null;
    }
}
