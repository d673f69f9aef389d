package dev.tessera.cube.query;

import dev.tessera.cube.analytics.Analytics;
import dev.tessera.cube.model.Cube;
import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;
import dev.tessera.cube.time.TimeSpec;
import java.time.Duration;
import java.util.List;

/**
 * A query checked against its cube: every name resolved, every value typed. {@code where} holds level
 * conditions, {@code having} measure conditions (either may be null). {@code subtotals} are levels of
 * {@code levels}; {@code limit} is what the client gets at most (the planner asks for one more row).
 * {@code analytics} holds the calculations and top ({@link Analytics#NONE} for a plain query); {@code time} is the
 * query's resolved {@code time}, or null.
 */
public record ValidatedQuery(Cube cube, List<Level> levels, List<Measure> measures, Condition where,
                             Condition having, boolean grandTotal, List<Level> subtotals, List<Order> order,
                             int limit, int offset, Duration timeout,
                             Analytics analytics, TimeSpec time) {

    public boolean hasTotals() {
        return !levels.isEmpty() && (grandTotal || !subtotals.isEmpty());
    }

    /** Ordering by the answer column at {@code column} (0-based). */
    public record Order(int column, boolean descending) {
    }
}
