package dev.tessera.cube.analytics;

import dev.tessera.cube.model.DataType;
import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;
import dev.tessera.cube.time.Granularity;
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

    /** How a period comparison shows the other period: its value, this one minus it, or this one divided by it. */
    enum Show { VALUE, DIFFERENCE, RATIO }

    /** A calculation along the query's time level, over every period of the range widened back {@link #periodsBack}. */
    sealed interface AlongPeriods extends Calculation {
        /** The measure whose periods it reads. */
        Measure measure();

        /** The periods before the range's first that this calculation reads. */
        int periodsBack();
    }

    /**
     * The cell's measure in the period before, shown as {@code show} says; the first period of the range sees the
     * period before it (the range is read widened, and cut after the windows).
     */
    record PreviousPeriod(String name, Measure measure, Show show) implements AlongPeriods {
        @Override
        public DataType type() {
            return show == Show.RATIO ? DataType.DOUBLE : measure.type();
        }

        @Override
        public String canonical() {
            return "previousPeriod(" + name + "," + measure.name() + "," + show + ")";
        }

        @Override
        public int periodsBack() {
            return 1;
        }
    }

    /** The cell's measure in the same period a year before ({@code periodsPerYear} back: 12 months, 4 quarters, 1 year). */
    record SamePeriodLastYear(String name, Measure measure, Show show, int periodsPerYear) implements AlongPeriods {
        @Override
        public DataType type() {
            return show == Show.RATIO ? DataType.DOUBLE : measure.type();
        }

        @Override
        public String canonical() {
            return "samePeriodLastYear(" + name + "," + measure.name() + "," + show + ")";
        }

        @Override
        public int periodsBack() {
            return periodsPerYear;
        }
    }

    /**
     * The sum of the measure from the range's first period to this one, or, with {@code reset} (null: none), from the
     * first period of this one's year (quarter, month): year to date, read from the year's start even when the range
     * begins later.
     */
    record Running(String name, Measure measure, Granularity reset) implements AlongPeriods {
        @Override
        public DataType type() {
            return measure.type();
        }

        @Override
        public String canonical() {
            return "running(" + name + "," + measure.name() + "," + (reset == null ? "" : reset.jsonName()) + ")";
        }

        @Override
        public int periodsBack() {
            return 0;
        }
    }

    /**
     * {@code aggregation} ({@code sum avg min max}) of the measure over this period and the {@code periods - 1} before
     * it; a period without rows counts as empty (it adds nothing and is left out of an average).
     */
    record Rolling(String name, Measure measure, int periods, String aggregation) implements AlongPeriods {
        @Override
        public DataType type() {
            return aggregation.equals("avg") ? DataType.DOUBLE : measure.type();
        }

        @Override
        public String canonical() {
            return "rolling(" + name + "," + measure.name() + "," + periods + "," + aggregation + ")";
        }

        @Override
        public int periodsBack() {
            return periods - 1;
        }
    }
}
