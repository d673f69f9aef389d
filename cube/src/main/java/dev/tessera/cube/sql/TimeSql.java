package dev.tessera.cube.sql;

import dev.tessera.cube.model.DataType;
import dev.tessera.cube.model.TimeDefaults;
import dev.tessera.cube.time.DateRange;
import dev.tessera.cube.time.Granularity;
import dev.tessera.cube.time.TimeSpec;
import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * The SQL of a query's {@code time}: the level's expression shown at its granularity (a period named by its first
 * day) and the date range as a WHERE predicate. Timestamps are stored as UTC and converted to the query's zone
 * before they are truncated or compared; dates are days already and are left as they are.
 */
final class TimeSql {
    /** Zone names are checked against the tz database before they get here; this is the last guard before SQL. */
    private static final Pattern ZONE_NAME = Pattern.compile("[A-Za-z0-9/_+-]+");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final SqlDialect dialect;

    TimeSql(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /** The level's values in the query's zone, at its granularity when it has one. */
    String level(String levelSql, TimeSpec t) {
        String local = local(levelSql, t);
        return t.granularity() == null ? local : truncate(dialect.cast(local, DataType.DATE), t.granularity(), t.weekStart());
    }

    /** {@code AND}-able predicate: the level's local value within the range's days; appends its two bound values. */
    void range(SqlBuilder b, String levelSql, TimeSpec t, DateRange range) {
        String local = local(levelSql, t);
        if (t.zoned()) {
            b.append(local).append(" >= ");
            b.param(range.from().atStartOfDay().format(TIMESTAMP), DataType.TIMESTAMP);
            b.append(" AND ").append(local).append(" < ");
            b.param(range.to().plusDays(1).atStartOfDay().format(TIMESTAMP), DataType.TIMESTAMP);
        } else {
            b.append(local).append(" >= ");
            b.param(range.from(), DataType.DATE);
            b.append(" AND ").append(local).append(" <= ");
            b.param(range.to(), DataType.DATE);
        }
    }

    private String local(String levelSql, TimeSpec t) {
        if (!t.zoned() || t.zone().equals(ZoneOffset.UTC)) {
            return levelSql;
        }
        String zone = TimeDefaults.name(t.zone());
        if (!ZONE_NAME.matcher(zone).matches()) {
            throw new IllegalArgumentException("not a zone name: " + zone);
        }
        // A literal, not a bound value: the level's expression is repeated in GROUP BY, which engines match by text.
        return dialect.fromUtc(levelSql, zone);
    }

    /**
     * The first day of the period, from the engine's {@code date_trunc} (whose weeks begin on Monday, as ISO's do);
     * a week that begins on another day is found by shifting the day back to a Monday and the answer forward again.
     */
    private String truncate(String day, Granularity g, DayOfWeek weekStart) {
        if (g == Granularity.DAY) {
            return day;
        }
        int shift = weekStart.getValue() - DayOfWeek.MONDAY.getValue();
        if (g != Granularity.WEEK || shift == 0) {
            return dialect.cast("date_trunc('" + g.jsonName() + "', " + day + ")", DataType.DATE);
        }
        String days = "INTERVAL '" + shift + "' DAY";
        return dialect.cast("date_trunc('week', " + day + " - " + days + ") + " + days, DataType.DATE);
    }
}
