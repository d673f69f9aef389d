package dev.tessera.cube.analytics;

import dev.tessera.cube.model.Measure;
import dev.tessera.cube.query.CubeQuery;
import dev.tessera.cube.query.QueryProblems;
import dev.tessera.cube.time.Granularity;
import dev.tessera.cube.time.TimeSpec;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the calculations that compare or accumulate periods ({@code previousPeriod}, {@code samePeriodLastYear},
 * {@code running}, {@code rolling}). They work along the query's {@code time} level, so they need a {@code time} with
 * a granularity, a date range beginning on a period's first day (the periods before it are read too, and a partial
 * first period would be compared whole) and the level among the query's levels.
 */
final class PeriodCalculationReader {
    static final Set<String> TYPES = Set.of("previousPeriod", "samePeriodLastYear", "running", "rolling");
    private static final int MAX_ROLLING_PERIODS = 1000;
    private final QueryProblems problems;
    private final TimeSpec time;

    PeriodCalculationReader(QueryProblems problems, TimeSpec time) {
        this.problems = problems;
        this.time = time;
    }

    Calculation read(CubeQuery.CalculationItem item, String pointer, Measure measure) {
        if (!timeFits(item.type(), pointer)) {
            return null;
        }
        return switch (item.type()) {
            case "previousPeriod" -> previousPeriod(item, pointer, measure);
            case "samePeriodLastYear" -> samePeriodLastYear(item, pointer, measure);
            case "running" -> running(item, pointer, measure);
            case "rolling" -> rolling(item, pointer, measure);
            default -> throw new IllegalStateException("not a period calculation: " + item.type());
        };
    }

    private boolean timeFits(String type, String pointer) {
        if (time == null || time.granularity() == null || time.range() == null || !time.shown()) {
            problems.add(pointer + "/type", "a " + type + " calculation works along periods: it needs 'time' with a level"
                    + " among levels, a granularity and a dateRange");
            return false;
        }
        if (!time.granularity().start(time.range().from(), time.weekStart()).equals(time.range().from())) {
            problems.add("/time/dateRange", "with a " + type + " calculation the range must begin on the first day of a "
                    + time.granularity().jsonName() + " (its first period is compared whole): "
                    + time.range().from() + " is not; begin on "
                    + time.granularity().start(time.range().from(), time.weekStart()));
            return false;
        }
        return true;
    }

    private Calculation.Show show(CubeQuery.CalculationItem item, String pointer) {
        String s = item.show() == null ? "value" : item.show().toLowerCase(Locale.ROOT);
        for (Calculation.Show show : Calculation.Show.values()) {
            if (show.name().toLowerCase(Locale.ROOT).equals(s)) {
                return show;
            }
        }
        problems.add(pointer + "/show", "show must be value, difference or ratio, not '" + item.show() + "'");
        return null;
    }

    private Calculation previousPeriod(CubeQuery.CalculationItem item, String pointer, Measure measure) {
        Calculation.Show show = show(item, pointer);
        return show == null ? null : new Calculation.PreviousPeriod(item.name(), measure, show);
    }

    private Calculation samePeriodLastYear(CubeQuery.CalculationItem item, String pointer, Measure measure) {
        int perYear = switch (time.granularity()) {
            case MONTH -> 12;
            case QUARTER -> 4;
            case YEAR -> 1;
            default -> 0;
        };
        if (perYear == 0) {
            problems.add(pointer + "/type", "a year is not a whole number of " + time.granularity().jsonName()
                    + "s: ask by month, quarter or year for samePeriodLastYear, or use previousPeriod");
            return null;
        }
        Calculation.Show show = show(item, pointer);
        return show == null ? null : new Calculation.SamePeriodLastYear(item.name(), measure, show, perYear);
    }

    private Calculation running(CubeQuery.CalculationItem item, String pointer, Measure measure) {
        boolean alongTime = along(item, pointer);
        boolean fits = addsUp(item.type(), measure, pointer) && alongTime; // both checked: every problem is listed
        Granularity reset = null;
        if (item.reset() != null) {
            reset = Granularity.of(item.reset());
            if (reset == null || item.reset().endsWith("s") || reset.compareTo(time.granularity()) <= 0
                    || reset == Granularity.WEEK) {
                problems.add(pointer + "/reset", "reset must be a period longer than the query's "
                        + time.granularity().jsonName() + " (month, quarter or year), not '" + item.reset() + "'");
                return null;
            }
        }
        return fits ? new Calculation.Running(item.name(), measure, reset) : null;
    }

    private Calculation rolling(CubeQuery.CalculationItem item, String pointer, Measure measure) {
        boolean fits = along(item, pointer);
        if (item.periods() == null || item.periods() < 1 || item.periods() > MAX_ROLLING_PERIODS) {
            problems.add(pointer + "/periods", "periods must be a whole number from 1 to " + MAX_ROLLING_PERIODS
                    + ": how many periods the window holds, this one included");
            fits = false;
        }
        String aggregation = item.aggregation() == null ? "sum" : item.aggregation().toLowerCase(Locale.ROOT);
        if (!Set.of("sum", "avg", "min", "max").contains(aggregation)) {
            problems.add(pointer + "/aggregation", "aggregation must be sum, avg, min or max, not '" + item.aggregation() + "'");
            fits = false;
        } else if (aggregation.equals("sum") && !addsUp(item.type(), measure, pointer)) {
            fits = false;
        }
        return fits ? new Calculation.Rolling(item.name(), measure, item.periods(), aggregation) : null;
    }

    private boolean along(CubeQuery.CalculationItem item, String pointer) {
        if (item.along() != null && !item.along().equals(time.level().ref())) {
            problems.add(pointer + "/along", "along must be the query's time level '" + time.level().ref() + "', not '"
                    + item.along() + "'");
            return false;
        }
        return true;
    }

    private boolean addsUp(String type, Measure measure, String pointer) {
        if (!CalculationReader.addsUp(measure)) {
            problems.add(pointer + "/measure", "a " + type + " sum needs a measure that adds up (sum or count): '"
                    + measure.name() + "' does not");
            return false;
        }
        return true;
    }
}
