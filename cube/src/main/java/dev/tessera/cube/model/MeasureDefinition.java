package dev.tessera.cube.model;

/**
 * Either an aggregated measure ({@code aggregation} over a {@code column} or an {@code expression};
 * {@code count} may have neither) or a {@code formula} over other measures, e.g. {@code "revenue / quantity"}.
 */
public record MeasureDefinition(
        String name, String title, Aggregation aggregation, String column, String expression, String formula,
        String format) {
}
