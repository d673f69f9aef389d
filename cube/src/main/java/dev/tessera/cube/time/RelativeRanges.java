package dev.tessera.cube.time;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a relative date range against today: {@code today}, {@code yesterday}, {@code this <unit>} (the whole
 * current period), {@code last <unit>} and {@code last N <unit>s} (the N whole periods before the current one, so
 * {@code last 7 days} ends yesterday) and {@code <unit> to date} (the current period up to today included), a
 * unit being {@code day week month quarter year}. Weeks begin on the query's first day of week.
 */
public final class RelativeRanges {
    /** What a bad range is told: the forms there are. */
    public static final String FORMS = "today, yesterday, this <unit>, last <unit>, last N <unit>s, <unit> to date "
            + "(unit: day, week, month, quarter, year), or {\"from\": \"2024-01-01\", \"to\": \"2024-03-31\"}";
    /** More periods than this back is surely a typo, and would overflow the calendar. */
    private static final int MAX_PERIODS = 100_000;
    private static final Pattern THIS = Pattern.compile("this (\\w+)");
    private static final Pattern LAST = Pattern.compile("last (?:(\\d{1,9}) )?(\\w+)");
    private static final Pattern TO_DATE = Pattern.compile("(\\w+) to date");

    private RelativeRanges() {
    }

    /** The range the text names on {@code today}, or empty when it is not one of {@link #FORMS}. */
    public static Optional<DateRange> resolve(String text, LocalDate today, DayOfWeek weekStart) {
        String t = text.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (t.equals("today")) {
            return Optional.of(new DateRange(today, today));
        }
        if (t.equals("yesterday")) {
            return Optional.of(new DateRange(today.minusDays(1), today.minusDays(1)));
        }
        Matcher m = THIS.matcher(t);
        if (m.matches()) {
            return unit(m.group(1)).map(g -> whole(g, g.start(today, weekStart), 1));
        }
        m = TO_DATE.matcher(t);
        if (m.matches()) {
            return unit(m.group(1)).map(g -> new DateRange(g.start(today, weekStart), today));
        }
        m = LAST.matcher(t);
        if (m.matches()) {
            int n = m.group(1) == null ? 1 : Integer.parseInt(m.group(1));
            if (n < 1 || n > MAX_PERIODS) {
                return Optional.empty();
            }
            return unit(m.group(2)).map(g -> whole(g, g.plus(g.start(today, weekStart), -n), n));
        }
        return Optional.empty();
    }

    private static DateRange whole(Granularity g, LocalDate start, int periods) {
        return new DateRange(start, g.plus(start, periods).minusDays(1));
    }

    private static Optional<Granularity> unit(String word) {
        return Optional.ofNullable(Granularity.of(word));
    }
}
