package dev.tessera.cube.engine;

import dev.tessera.cube.sql.SqlParam;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Small JDBC chores every engine needs. */
public final class Jdbc {
    private static final Logger LOG = LoggerFactory.getLogger(Jdbc.class);

    private Jdbc() {
    }

    /** Closes a result set, statement or connection that is being given up anyway; a failure is only logged. */
    public static void closeQuietly(AutoCloseable resource) {
        if (resource != null) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.debug("close failed", e);
            }
        }
    }

    /** Engine messages run to dozens of lines (the statement, a caret); the first says what went wrong. */
    public static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Binds a planned statement's values in placeholder order, each with the setter of its Java type. */
    public static void bind(PreparedStatement ps, List<SqlParam> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object v = params.get(i).value();
            int at = i + 1;
            if (v == null) {
                ps.setObject(at, null);
            } else if (v instanceof String s) {
                ps.setString(at, s);
            } else if (v instanceof Long l) {
                ps.setLong(at, l);
            } else if (v instanceof Double d) {
                ps.setDouble(at, d);
            } else if (v instanceof BigDecimal d) {
                ps.setBigDecimal(at, d);
            } else if (v instanceof Boolean b) {
                ps.setBoolean(at, b);
            } else {
                ps.setString(at, v.toString());
            }
        }
    }
}
