package dev.tessera.cube.model;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A cube's {@code timeZone:} and {@code weekStart:}, what a query's {@code time} uses when it names neither:
 * timestamps are read as UTC and shown in {@code zone}; weeks begin on {@code weekStart} (Monday, as ISO weeks do).
 */
public record TimeDefaults(ZoneId zone, DayOfWeek weekStart) {
    public static final TimeDefaults UTC_ISO = new TimeDefaults(ZoneOffset.UTC, DayOfWeek.MONDAY);

    /** The defaults read from config, with what is wrong in it. */
    public record Parsed(TimeDefaults defaults, List<String> problems) {
    }

    static Parsed parse(String timeZone, String weekStart) {
        List<String> problems = new ArrayList<>();
        ZoneId zone = ZoneOffset.UTC;
        if (timeZone != null) {
            zone = zone(timeZone);
            if (zone == null) {
                problems.add("timeZone '" + timeZone + "' is not a time zone name (such as Europe/Paris or UTC)");
                zone = ZoneOffset.UTC;
            }
        }
        DayOfWeek start = DayOfWeek.MONDAY;
        if (weekStart != null) {
            start = dayOfWeek(weekStart);
            if (start == null) {
                problems.add("weekStart '" + weekStart + "' is not a day of the week (monday ... sunday)");
                start = DayOfWeek.MONDAY;
            }
        }
        return new Parsed(new TimeDefaults(zone, start), problems);
    }

    /**
     * A zone by its tz database name (the set the JDK knows, UTC included), else null. Only such names are taken:
     * they are the ones both engines know, and they are safe to write into SQL as literals.
     */
    public static ZoneId zone(String name) {
        if (name.equals("UTC") || name.equals("Z")) {
            return ZoneOffset.UTC;
        }
        return ZoneId.getAvailableZoneIds().contains(name) ? ZoneId.of(name) : null;
    }

    /** {@code monday} ... {@code sunday}, any case, else null. */
    public static DayOfWeek dayOfWeek(String name) {
        try {
            return DayOfWeek.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** How this zone is named in answers and in SQL. */
    public static String name(ZoneId zone) {
        return zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
    }
}
