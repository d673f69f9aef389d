package dev.tessera.engine.trino;

import dev.tessera.cube.engine.Cursor;
import dev.tessera.cube.engine.Jdbc;
import dev.tessera.cube.sql.BoundSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One statement sent to Trino on a worker, and the hand-over to the thread waiting for it: that thread can cancel
 * the statement ({@code Statement.cancel}, which makes trino-jdbc cancel the query in Trino), and the worker learns
 * it was abandoned and closes what nobody will read.
 */
final class TrinoExecution {
    private static final Logger LOG = LoggerFactory.getLogger(TrinoExecution.class);

    private PreparedStatement statement;
    private boolean abandoned;
    private boolean finished;

    Cursor run(TrinoConnections connections, String user, BoundSql sql, Runnable release) throws SQLException {
        Connection conn = null;
        PreparedStatement ps = null;
        try {
            conn = connections.open(user);
            ps = conn.prepareStatement(sql.sql());
            Jdbc.bind(ps, sql.params());
            if (!register(ps)) {
                throw new SQLTimeoutException("abandoned before it started");
            }
            ResultSet rs = FirstRow.fetch(ps.executeQuery());
            Cursor cursor = new Cursor(conn, ps, rs, release);
            if (!finish()) {
                cursor.close(); // closing the statement cancels the query in Trino
                throw new SQLTimeoutException("abandoned");
            }
            return cursor;
        } catch (SQLException | RuntimeException e) {
            Jdbc.closeQuietly(ps);
            Jdbc.closeQuietly(conn);
            release.run();
            throw e;
        }
    }

    private synchronized boolean register(PreparedStatement s) {
        statement = s;
        return !abandoned;
    }

    private synchronized boolean finish() {
        finished = true;
        return !abandoned;
    }

    /**
     * Called by the waiting thread when it gives up: cancels the query in Trino if it is running.
     *
     * @return true when the statement had already finished (its cursor is then the caller's to close)
     */
    synchronized boolean abandon() {
        abandoned = true;
        if (statement != null && !finished) {
            try {
                statement.cancel();
            } catch (SQLException e) {
                LOG.warn("could not cancel a timed-out Trino query", e);
            }
        }
        return finished;
    }
}
