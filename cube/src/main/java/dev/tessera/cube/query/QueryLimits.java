package dev.tessera.cube.query;

import com.fasterxml.jackson.annotation.JsonCreator;
import jakarta.validation.constraints.Min;

/**
 * {@code engine.queryLimits} in config.yml: how large one cube query may be. Checked before anything else in the
 * query is looked at, so a request past a limit costs one walk over its JSON and gets one 422 per limit, never one
 * error per item nor a statement in the engine. A 100,000-value {@code in} list used to run for the whole query
 * timeout and a million values took gigabytes of heap; 10,000 bound values cost DuckDB about a tenth of a second.
 * Every key may be left out:
 * <ul>
 *   <li>{@code maxLevels} (20) and {@code maxMeasures} (50) requested; {@code subtotals} may name at most
 *       {@code maxLevels} and {@code order} at most {@code maxLevels + maxMeasures} items;</li>
 *   <li>{@code maxValuesPerFilter} (10000): values in one condition ({@code in}, {@code notIn}...);</li>
 *   <li>{@code maxFilterValues} (20000): values in all of {@code filters} and {@code having} together;</li>
 *   <li>{@code maxConditions} (500): conditions in {@code filters} and {@code having} together;</li>
 *   <li>{@code maxFilterDepth} (10): how deep {@code and} / {@code or} / {@code not} may nest.</li>
 * </ul>
 */
public record QueryLimits(
        @Min(1) int maxLevels,
        @Min(1) int maxMeasures,
        @Min(1) int maxValuesPerFilter,
        @Min(1) int maxFilterValues,
        @Min(1) int maxConditions,
        @Min(1) int maxFilterDepth) {

    public static final QueryLimits DEFAULTS = new QueryLimits(null, null, null, null, null, null);

    @JsonCreator
    public QueryLimits(Integer maxLevels, Integer maxMeasures, Integer maxValuesPerFilter, Integer maxFilterValues,
                       Integer maxConditions, Integer maxFilterDepth) {
        this(maxLevels == null ? 20 : maxLevels,
                maxMeasures == null ? 50 : maxMeasures,
                maxValuesPerFilter == null ? 10_000 : maxValuesPerFilter,
                maxFilterValues == null ? 20_000 : maxFilterValues,
                maxConditions == null ? 500 : maxConditions,
                maxFilterDepth == null ? 10 : maxFilterDepth);
    }

    /** The most order items a query may list: one per requested level and measure. */
    public int maxOrderItems() {
        return maxLevels + maxMeasures;
    }
}
