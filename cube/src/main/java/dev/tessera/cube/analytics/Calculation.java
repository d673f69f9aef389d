package dev.tessera.cube.analytics;

import dev.tessera.cube.model.DataType;
import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One checked entry of a query's {@code calculations}: an extra answer column (kind {@code measure}, after the
 * measures) computed by a window over the grouped cells ({@link WindowPlanner}). One record per {@code type}; a new
 * type is one more record here, a case in {@link CalculationReader} and one in {@link WindowPlanner}.
 */
public sealed interface Calculation {

    /** The answer column's name; no level or measure of the cube has it. */
    String name();

    /** The answer column's type. */
    DataType type();

    /** Equal for calculations that mean the same thing (part of the result cache's key). */
    String canonical();

    /**
     * {@code RANK()} of the cell by {@code measure}, 1 for the largest when {@code descending}; equal values share a
     * rank and the next rank is skipped (1, 2, 2, 4); a null value ranks last. One ranking per member of
     * {@code within} when it is set (else null: one ranking over all cells).
     */
    record Rank(String name, Measure measure, boolean descending, Level within) implements Calculation {
        @Override
        public DataType type() {
            return DataType.INT;
        }

        @Override
        public String canonical() {
            return "rank(" + name + "," + measure.name() + "," + (descending ? "desc" : "asc") + ","
                    + (within == null ? "" : within.ref()) + ")";
        }
    }

    /**
     * The cell's {@code measure} divided by its sum over the cells that share the values of {@code partition} (none:
     * the grand total), as a fraction (0.25, not 25). {@code of} is what the request said ({@code grandTotal},
     * {@code parent} or a level). Only measures that add up (sum, count) take a share.
     */
    record Share(String name, Measure measure, String of, List<Level> partition) implements Calculation {
        @Override
        public DataType type() {
            return DataType.DOUBLE;
        }

        @Override
        public String canonical() {
            return "share(" + name + "," + measure.name() + "," + of + ","
                    + partition.stream().map(Level::ref).collect(Collectors.joining("|")) + ")";
        }
    }
}
