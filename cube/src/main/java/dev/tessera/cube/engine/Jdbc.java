package dev.tessera.cube.engine;

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
}
