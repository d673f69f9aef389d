package dev.tessera.cube.time;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The length of a period: a level asked at a granularity answers each row's period by its first day. */
public enum Granularity {
    DAY, WEEK, MONTH, QUARTER, YEAR;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code day} ... {@code year}, any case; the plural too, as relative ranges write it ({@code 12 months}). */
    public static Granularity of(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        String singular = t.endsWith("s") ? t.substring(0, t.length() - 1) : t;
        for (Granularity g : values()) {
            if (g.jsonName().equals(singular)) {
                return g;
            }
        }
        return null;
    }

    public static String names() {
        return Arrays.stream(values()).map(Granularity::jsonName).collect(Collectors.joining(", "));
    }

    /** The first day of the period holding {@code day}; a week begins on {@code weekStart}. */
    public LocalDate start(LocalDate day, DayOfWeek weekStart) {
        return switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(weekStart));
            case MONTH -> day.withDayOfMonth(1);
            case QUARTER -> day.with(IsoFields.DAY_OF_QUARTER, 1);
            case YEAR -> day.withDayOfYear(1);
        };
    }

    /** The day {@code n} periods after {@code start} (before, for a negative n). */
    public LocalDate plus(LocalDate start, long n) {
        return switch (this) {
            case DAY -> start.plusDays(n);
            case WEEK -> start.plusWeeks(n);
            case MONTH -> start.plusMonths(n);
            case QUARTER -> start.plusMonths(3 * n);
            case YEAR -> start.plusYears(n);
        };
    }

    /** Periods from the one holding {@code from} to the one holding {@code to}, both included. */
    public long periodsBetween(LocalDate from, LocalDate to, DayOfWeek weekStart) {
        LocalDate a = start(from, weekStart);
        LocalDate b = start(to, weekStart);
        return switch (this) {
            case DAY -> ChronoUnit.DAYS.between(a, b) + 1;
            case WEEK -> ChronoUnit.WEEKS.between(a, b) + 1;
            case MONTH -> ChronoUnit.MONTHS.between(a, b) + 1;
            case QUARTER -> ChronoUnit.MONTHS.between(a, b) / 3 + 1;
            case YEAR -> ChronoUnit.YEARS.between(a, b) + 1;
        };
    }
}
