package dev.tessera.cube.engine;

import dev.tessera.cube.EngineUnavailableException;
import dev.tessera.cube.QueryFailedException;
import dev.tessera.cube.QueryTimeoutException;
import dev.tessera.cube.TooManyQueriesException;
import dev.tessera.cube.model.TableCatalog;
import dev.tessera.cube.sql.BoundSql;
import dev.tessera.cube.sql.SqlDialect;
import io.dropwizard.lifecycle.Managed;
import java.sql.SQLException;
import java.time.Duration;

/**
 * What the cubes run on: an engine that holds the tables, runs one statement per query within the user's share of
 * its workers, and says how SQL is written for it. The cube service and the planner know engines only through this
 * interface and its {@link SqlDialect}; {@link dev.tessera.cube.duckdb.DuckDbEngine} is the embedded one, and
 * another engine (a remote warehouse) implements the same methods with a dialect of its own, and is built from
 * config by its {@link EngineFactory}.
 *
 * <p>{@link #start()} may be called more than once (the server starts engines before it listens, the lifecycle
 * again). An engine whose server is remote may start without it: {@link #catalog()} then throws
 * {@link EngineUnavailableException} until the engine has reached it, and the cubes on it wait.
 */
public interface QueryEngine extends Managed {

    /**
     * The user start-up's statements (binding the cubes' expressions) run as: a share of their own, never a
     * person's, and on an engine that acts as the signed-in user, its own service account.
     */
    String STARTUP_USER = "_startup";

    /** How SQL is written for this engine: quoting, types, grouping sets, paging. */
    SqlDialect dialect();

    /**
     * The tables and columns the engine holds, with their types: what cube definitions are checked against.
     *
     * @throws EngineUnavailableException not started, or its server not reached yet
     */
    TableCatalog catalog();

    /** The row caps, the query time and the query-size limits requests on this engine are held to. */
    QueryCaps caps();

    /**
     * Which data the engine answers from: changes exactly when that data changes (a reload that swapped in new data),
     * so result caches and ETags can key on it. Derived from the clock, so it also differs across restarts.
     */
    long dataVersion();

    /**
     * Whether answers may be kept in the result cache and revalidated by ETag: only when {@link #dataVersion()}
     * changes whenever the data does. An engine whose data changes outside Tessera (a remote warehouse) says no.
     */
    default boolean cacheable() {
        return true;
    }

    /**
     * Executes a statement within {@code timeout} (time waiting for a worker included) and hands back its rows; the
     * caller closes the cursor, which frees the user's slot.
     *
     * @throws TooManyQueriesException    the user, or the engine's queue, is at its cap
     * @throws QueryTimeoutException      past the timeout; the statement was cancelled in the engine
     * @throws QueryFailedException       the engine refused the statement
     * @throws EngineUnavailableException not started, stopping, or out of memory
     */
    Cursor open(String user, BoundSql sql, Duration timeout);

    /** Runs a statement and reads its rows on the caller's thread, then frees the user's slot. */
    default <T> T query(String user, BoundSql sql, Duration timeout, Cursor.Reader<T> reader) {
        try (Cursor cursor = open(user, sql, timeout)) {
            return reader.read(cursor.resultSet());
        } catch (SQLException e) {
            throw new QueryFailedException("reading the result failed: " + Jdbc.firstLine(e.getMessage()), e);
        }
    }
}
