package dev.tessera.cube.duckdb;

import dev.tessera.cube.engine.Cursor;
import dev.tessera.cube.engine.Jdbc;
import dev.tessera.cube.sql.BoundSql;
import dev.tessera.cube.sql.SqlParam;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One statement on a worker, and the hand-over between the worker and the thread waiting for it: the waiting
 * thread can cancel the running statement, and the worker learns it was abandoned and closes what nobody reads.
 */
final class Execution {
    private static final Logger LOG = LoggerFactory.getLogger(Execution.class);

    private Statement statement;
    private boolean abandoned;
    private boolean finished;

    /** Runs on a worker: a connection of its own, the values bound, the statement executed. */
    Cursor run(DuckDBConnection db, BoundSql sql, Runnable release) throws SQLException {
        Connection conn = null;
        PreparedStatement ps = null;
        try {
            conn = db.duplicate();
            ps = conn.prepareStatement(sql.sql());
            bind(ps, sql.params());
            if (!register(ps)) {
                throw new SQLTimeoutException("abandoned before it started");
            }
            ResultSet rs = ps.executeQuery();
            Cursor cursor = new Cursor(conn, ps, rs, release);
            if (!finish()) {
                cursor.close(); // the caller gave up while we finished: nobody will read this
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

    static void bind(PreparedStatement ps, List<SqlParam> params) throws SQLException {
        Jdbc.bind(ps, params);
    }

    private synchronized boolean register(Statement s) {
        statement = s;
        return !abandoned;
    }

    private synchronized boolean finish() {
        finished = true;
        return !abandoned;
    }

    /**
     * Called by the waiting thread when it gives up: cancels the statement if it is running.
     *
     * @return true when the statement had already finished (its cursor is then the caller's to close)
     */
    synchronized boolean abandon() {
        abandoned = true;
        if (statement != null && !finished) {
            try {
                statement.cancel();
            } catch (SQLException e) {
                LOG.warn("could not cancel a timed-out statement", e);
            }
        }
        return finished;
    }
}
