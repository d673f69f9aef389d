package dev.tessera.cube.time;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tessera.cube.model.Cube;
import dev.tessera.cube.model.DataType;
import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.TimeDefaults;
import dev.tessera.cube.query.QueryError;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a query's {@code time} against its cube and resolves it: every problem at its JSON pointer under
 * {@code /time}, naming what there is. The cube's {@code timeZone:} and {@code weekStart:} stand in for the
 * request's when it names none; {@code now} for the server's clock.
 */
public final class TimeReader {
    private static final LocalDate FIRST_DAY = LocalDate.of(1, 1, 1);
    private static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);
    /** Periods {@code fill} may add: a day range over years would be a large answer of empty rows. */
    public static final int MAX_FILLED_PERIODS = 10_000;

    private final Cube cube;
    private final List<QueryError> errors = new ArrayList<>();

    private TimeReader(Cube cube) {
        this.cube = cube;
    }

    /** The resolved time, or null with {@code errors}. */
    public record Result(TimeSpec spec, List<QueryError> errors) {
    }

    /**
     * Reads and resolves {@code time}.
     *
     * @param levels   the refs of the query's levels
     * @param totals   whether the query asks for totals or subtotals
     * @param clock    the instant a relative range is resolved against when the request does not pin {@code now}
     */
    public static Result read(Cube cube, TimeQuery time, List<String> levels, boolean totals, Instant clock) {
        TimeReader reader = new TimeReader(cube);
        TimeSpec spec = reader.spec(time, levels, totals, clock);
        return new Result(reader.errors.isEmpty() ? spec : null, List.copyOf(reader.errors));
    }

    private TimeSpec spec(TimeQuery t, List<String> levels, boolean totals, Instant clock) {
        Level level = level(t.level());
        Granularity granularity = granularity(t.granularity());
        DayOfWeek weekStart = t.weekStart() == null ? cube.time().weekStart() : weekStart(t.weekStart());
        ZoneId zone = t.timeZone() == null ? cube.time().zone() : zone(t.timeZone());
        Instant now = t.now() == null ? clock : now(t.now());
        boolean shown = level != null && levels.contains(level.ref());
        if (granularity != null && level != null && !shown) {
            add("/time/granularity", "a granularity shows the level by period: add '" + level.ref() + "' to levels");
        }
        DateRange range = null;
        if (t.dateRange() != null && !t.dateRange().isNull() && weekStart != null && zone != null && now != null) {
            range = range(t.dateRange(), LocalDate.ofInstant(now, zone), weekStart);
        }
        if (t.filled()) {
            checkFill(granularity, range, weekStart, shown, totals);
        }
        return level == null || weekStart == null || zone == null || now == null ? null
                : new TimeSpec(level, granularity, weekStart, zone, now, range, t.filled(), shown);
    }

    private Level level(String ref) {
        if (ref == null) {
            add("/time/level", "name the date or timestamp level time speaks of; such levels are: " + timeLevels());
            return null;
        }
        Level l = cube.levels().get(ref);
        if (l == null || (l.type() != DataType.DATE && l.type() != DataType.TIMESTAMP)) {
            add("/time/level", (l == null ? "unknown level '" + ref + "'" : "level '" + ref + "' is of type "
                    + l.type().jsonName()) + "; time needs a date or timestamp level: " + timeLevels());
            return null;
        }
        return l;
    }

    private String timeLevels() {
        List<String> refs = cube.levels().values().stream()
                .filter(l -> l.type() == DataType.DATE || l.type() == DataType.TIMESTAMP).map(Level::ref).toList();
        return refs.isEmpty() ? "(cube '" + cube.name() + "' has none)" : String.join(", ", refs);
    }

    private Granularity granularity(String text) {
        if (text == null) {
            return null;
        }
        Granularity g = Granularity.of(text);
        if (g == null || text.endsWith("s")) {
            add("/time/granularity", "granularity must be one of " + Granularity.names() + ", not '" + text + "'");
            return null;
        }
        return g;
    }

    private DayOfWeek weekStart(String text) {
        DayOfWeek d = TimeDefaults.dayOfWeek(text);
        if (d == null) {
            add("/time/weekStart", "weekStart must be a day of the week (monday ... sunday), not '" + text + "'");
        }
        return d;
    }

    /**
     * Every day a request names or resolves to lies in years 1 to 9999, the SQL engines' DATE range: past it the
     * calendar arithmetic that widens and fills ranges would overflow, or the engine would refuse the value.
     */
    private boolean inCalendar(LocalDate day, String pointer) {
        if (day.isBefore(FIRST_DAY) || day.isAfter(LAST_DAY)) {
            add(pointer, "dates must lie between " + FIRST_DAY + " and " + LAST_DAY + ", not " + day);
            return false;
        }
        return true;
    }

    private ZoneId zone(String text) {
        ZoneId zone = TimeDefaults.zone(text);
        if (zone == null) {
            add("/time/timeZone", "'" + text + "' is not a time zone name of the tz database, such as Europe/Paris, "
                    + "America/New_York or UTC");
        }
        return zone;
    }

    private Instant now(String text) {
        try {
            Instant now = OffsetDateTime.parse(text).toInstant();
            return inCalendar(LocalDate.ofInstant(now, ZoneOffset.UTC), "/time/now") ? now : null;
        } catch (DateTimeException e) {
            add("/time/now", "now must be an ISO instant with its offset, such as 2024-06-15T10:00:00Z, not '" + text + "'");
            return null;
        }
    }

    private DateRange range(JsonNode node, LocalDate today, DayOfWeek weekStart) {
        if (node.isTextual()) {
            DateRange r = RelativeRanges.resolve(node.asText(), today, weekStart).orElse(null);
            if (r == null) {
                add("/time/dateRange", "'" + node.asText() + "' is not a date range; ranges are: " + RelativeRanges.FORMS);
                return null;
            }
            return inCalendar(r.from(), "/time/dateRange") && inCalendar(r.to(), "/time/dateRange") ? r : null;
        }
        if (!node.isObject() || node.size() != 2 || !node.has("from") || !node.has("to")) {
            add("/time/dateRange", "dateRange must be text or {\"from\": ..., \"to\": ...} and nothing else; ranges are: "
                    + RelativeRanges.FORMS);
            return null;
        }
        LocalDate from = day(node.get("from"), "/time/dateRange/from");
        LocalDate to = day(node.get("to"), "/time/dateRange/to");
        if (from != null && to != null && to.isBefore(from)) {
            add("/time/dateRange/to", "the range ends (" + to + ") before it begins (" + from + ")");
            return null;
        }
        return from == null || to == null ? null : new DateRange(from, to);
    }

    private LocalDate day(JsonNode node, String pointer) {
        try {
            LocalDate day = LocalDate.parse(node.asText());
            return inCalendar(day, pointer) ? day : null;
        } catch (DateTimeException e) {
            add(pointer, "a day as yyyy-MM-dd (included in the range), not '" + node.asText() + "'");
            return null;
        }
    }

    private void checkFill(Granularity g, DateRange range, DayOfWeek weekStart, boolean shown, boolean totals) {
        if (g == null || range == null || !shown) {
            add("/time/fill", "fill adds the periods of the range that have no rows: it needs a granularity, a dateRange "
                    + "and the level among levels");
        } else if (totals) {
            add("/time/fill", "fill cannot be combined with totals or subtotals; ask for them without fill");
        } else if (weekStart != null && g.periodsBetween(range.from(), range.to(), weekStart) > MAX_FILLED_PERIODS) {
            add("/time/fill", "fill would add up to " + g.periodsBetween(range.from(), range.to(), weekStart)
                    + " periods, more than " + MAX_FILLED_PERIODS + ": ask for a shorter range or a coarser granularity");
        }
    }

    private void add(String pointer, String detail) {
        errors.add(new QueryError(pointer, detail));
    }
}
