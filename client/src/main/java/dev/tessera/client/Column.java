package dev.tessera.client;

/**
 * One column of an answer.
 *
 * @param name a level ref ({@code geo.country}), a measure name, or {@code _grouping}
 * @param kind {@code level}, {@code measure} or {@code grouping}
 * @param type {@code string}, {@code int}, {@code double}, {@code decimal}, {@code boolean}, {@code date} or
 *     {@code timestamp}
 */
public record Column(String name, String kind, String type) {

    /** The column that marks totals: GROUPING() of the levels, 0 on detail rows. */
    public static final String GROUPING = "_grouping";
}
