package dev.tessera.engine.trino;

import dev.tessera.cube.EngineUnavailableException;
import dev.tessera.cube.QueryTimeoutException;
import dev.tessera.cube.TooManyQueriesException;
import dev.tessera.cube.duckdb.FairScheduler;
import dev.tessera.cube.duckdb.UserSlots;
import dev.tessera.cube.engine.Cursor;
import dev.tessera.cube.engine.QueryCaps;
import dev.tessera.cube.engine.QueryEngine;
import dev.tessera.cube.model.TableCatalog;
import dev.tessera.cube.sql.BoundSql;
import dev.tessera.cube.sql.SqlDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cubes on a Trino cluster. At start it reads the schema's tables from Trino's {@code information_schema}; a Trino
 * that cannot be reached, or refuses the service account, does not stop the server: the engine tries again every
 * {@code retryInterval} in the background, and its cubes answer 503 naming the engine until it succeeds. Statements
 * are sent by a fixed number of workers shared fairly between users ({@link FairScheduler}, as DuckDB's are), each on
 * its own connection (as the signed-in user with {@code runAsSignedInUser}); past its time a statement is cancelled
 * in Trino.
 */
final class TrinoEngine implements QueryEngine {
    private static final Logger LOG = LoggerFactory.getLogger(TrinoEngine.class);

    private final String name;
    private final TrinoEngineFactory config;
    private final TrinoConnections connections;
    private final TrinoFailures failures;
    private final UserSlots slots;
    private volatile FairScheduler scheduler;
    private volatile Thread retries;
    private volatile TableCatalog catalog;
    private volatile String notReadyReason;
    /** Trino's data changes outside Tessera: the version names this engine's start, not the data under it. */
    private final long startedVersion = System.currentTimeMillis();

    TrinoEngine(String name, TrinoEngineFactory config) {
        this.name = name;
        this.config = config;
        this.connections = new TrinoConnections(config);
        this.failures = new TrinoFailures(name, config.user());
        this.slots = new UserSlots(config.maxConcurrentQueriesPerUser());
        this.notReadyReason = "engine '" + name + "' (Trino) is not started";
    }

    @Override
    public SqlDialect dialect() {
        return TrinoDialect.INSTANCE;
    }

    @Override
    public QueryCaps caps() {
        return config.caps();
    }

    /** Idempotent. Reads the tables once now; if Trino is not there, keeps trying in the background. */
    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        int workers = config.maxConcurrentQueries();
        scheduler = new FairScheduler(workers, config.maxRunningQueriesPerUser(), workers * 16, "tessera-trino-" + name);
        if (!loadCatalog()) {
            Thread t = new Thread(this::retryUntilLoaded, "tessera-trino-" + name + "-connect");
            t.setDaemon(true);
            retries = t;
            t.start();
        }
    }

    @Override
    public synchronized void stop() {
        if (retries != null) {
            retries.interrupt();
            retries = null;
        }
        if (scheduler != null) {
            scheduler.stop();
            scheduler = null;
        }
    }

    /** Constant while the server runs: Trino reads live data, so nothing may cache on this version alone. */
    @Override
    public long dataVersion() {
        return startedVersion;
    }

    /** Trino's data changes without this engine's version changing: no answer may be kept or revalidated. */
    @Override
    public boolean cacheable() {
        return false;
    }

    @Override
    public TableCatalog catalog() {
        TableCatalog tables = catalog;
        if (tables == null) {
            throw new EngineUnavailableException(notReadyReason + " (Trino at " + config.url() + "; trying again every "
                    + config.retryInterval().toMillis() + " ms)", null);
        }
        return tables;
    }

    @Override
    public Cursor open(String user, BoundSql sql, Duration timeout) {
        FairScheduler pool = scheduler;
        if (pool == null) {
            throw new EngineUnavailableException("engine '" + name + "' is not running", null);
        }
        String key = user == null ? "" : user;
        Runnable release = slots.take(key);
        TrinoExecution execution = new TrinoExecution();
        Future<Cursor> future;
        try {
            future = pool.submit(key, () -> execution.run(connections, user, sql, release));
        } catch (RejectedExecutionException e) {
            release.run();
            throw new TooManyQueriesException(TooManyQueriesException.Scope.SERVER, pool.waiting());
        }
        return await(future, execution, release, timeout);
    }

    /** The background attempts while Trino cannot be reached: every retryInterval, until it answers or we stop. */
    private void retryUntilLoaded() {
        try {
            do {
                Thread.sleep(config.retryInterval().toMillis());
            } while (!Thread.currentThread().isInterrupted() && !loadCatalog());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping
        }
    }

    /** True once the tables are read; false (the reason kept for the 503) while Trino cannot be asked. */
    private boolean loadCatalog() {
        try (Connection conn = connections.open(null)) {
            catalog = TrinoCatalogReader.read(conn, config.catalog(), config.schema());
            LOG.info("Trino engine '{}' ready: {}, {} table(s)", name, config, catalog.tables().size());
            return true;
        } catch (SQLException | RuntimeException e) {
            String reason = failures.of(e, config.caps().queryTimeout()).getMessage();
            if (!reason.equals(notReadyReason)) { // once per reason, not at every attempt
                LOG.warn("Trino engine '{}' not ready ({}): {}", name, config, reason);
            }
            notReadyReason = reason;
            return false;
        }
    }

    /** The waiting time counts towards the timeout; past it the query is cancelled in Trino or never sent. */
    private Cursor await(Future<Cursor> future, TrinoExecution execution, Runnable release, Duration timeout) {
        try {
            return future.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            giveUp(future, execution, release);
            throw new QueryTimeoutException(timeout);
        } catch (InterruptedException e) {
            giveUp(future, execution, release);
            Thread.currentThread().interrupt();
            throw new EngineUnavailableException("interrupted while waiting for engine '" + name + "'", e);
        } catch (ExecutionException e) {
            throw failures.of(e.getCause(), timeout);
        }
    }

    private static void giveUp(Future<Cursor> future, TrinoExecution execution, Runnable release) {
        if (execution.abandon()) {
            closeWhenDone(future);
        } else if (future.cancel(false)) {
            release.run();
        }
    }

    private static void closeWhenDone(Future<Cursor> future) {
        try {
            future.get().close();
        } catch (ExecutionException | RuntimeException e) {
            LOG.debug("late statement failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
