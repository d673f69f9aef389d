package dev.tessera.cube;

import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.temporal.Temporal;
import java.util.UUID;

/**
 * Reads an engine's rows into values a JSON or CSV answer can carry: dates and times as ISO text, small integers
 * as Long, 128-bit integers as Long where they fit, floats as doubles, UUIDs as text.
 */
final class ResultRows {

    private ResultRows() {
    }

    /** The current row's first {@code width} columns. */
    static Object[] read(ResultSet rs, int width) throws SQLException {
        Object[] row = new Object[width];
        readInto(rs, row);
        return row;
    }

    /** The current row into {@code row}, one column per slot: a long export reuses one array. */
    static void readInto(ResultSet rs, Object[] row) throws SQLException {
        for (int i = 0; i < row.length; i++) {
            row[i] = normalize(rs.getObject(i + 1));
        }
    }

    static Object normalize(Object v) {
        if (v instanceof Temporal || v instanceof java.util.Date) {
            return v instanceof java.sql.Date d ? d.toLocalDate().toString()
                    : v instanceof java.sql.Timestamp t ? t.toLocalDateTime().toString() : v.toString();
        }
        if (v instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof UUID) {
            return v.toString();
        }
        return v;
    }
}
