package dev.tessera.cube.time;

import dev.tessera.cube.model.DataType;
import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.TimeDefaults;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A query's {@code time}, checked and resolved: the level, its granularity (null: as the level is), the first day of
 * week, the zone timestamps are shown in, the instant relative ranges were resolved against, the range (null: no
 * range) and whether empty periods are added. {@code shown}: the level is one of the query's levels.
 */
public record TimeSpec(Level level, Granularity granularity, DayOfWeek weekStart, ZoneId zone, Instant now,
                       DateRange range, boolean fill, boolean shown) {

    /** Whether the level's values are timestamps, converted from UTC to {@link #zone} before anything else. */
    public boolean zoned() {
        return level.type() == DataType.TIMESTAMP;
    }

    /** The type the level's column has in the answer: a period is named by its first day. */
    public DataType answerType() {
        return granularity != null ? DataType.DATE : level.type();
    }

    /** Every period that {@code days} touches, in order, by its first day (for {@code fill}). */
    public List<LocalDate> periods(DateRange days) {
        List<LocalDate> periods = new ArrayList<>();
        for (LocalDate p = granularity.start(days.from(), weekStart); !p.isAfter(days.to()); p = granularity.plus(p, 1)) {
            periods.add(p);
        }
        return periods;
    }

    /** The part of the result cache's key: the resolved range, not {@code now}, so one day's answers are shared. */
    public String canonical() {
        return "time(" + level.ref() + " " + (granularity == null ? "-" : granularity.jsonName()) + " "
                + weekStart.name().toLowerCase(Locale.ROOT) + " " + TimeDefaults.name(zone) + " "
                + (range == null ? "-" : range.from() + ".." + range.to()) + (fill ? " fill" : "") + ")";
    }

    /** What the answer says of it. */
    public TimeAnswer answer() {
        return new TimeAnswer(level.ref(), granularity == null ? null : granularity.jsonName(),
                weekStart.name().toLowerCase(Locale.ROOT), TimeDefaults.name(zone), now.toString(),
                range == null ? null : range.from().toString(), range == null ? null : range.to().toString(), fill);
    }
}
