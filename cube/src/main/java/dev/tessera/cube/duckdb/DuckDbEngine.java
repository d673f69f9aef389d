package dev.tessera.cube.duckdb;

import dev.tessera.cube.EngineUnavailableException;
import dev.tessera.cube.QueryFailedException;
import dev.tessera.cube.QueryTimeoutException;
import dev.tessera.cube.TooManyQueriesException;
import dev.tessera.cube.engine.Cursor;
import dev.tessera.cube.engine.Jdbc;
import dev.tessera.cube.engine.QueryCaps;
import dev.tessera.cube.engine.QueryEngine;
import dev.tessera.cube.engine.ReloadReport;
import dev.tessera.cube.engine.Reloadable;
import dev.tessera.cube.engine.ServedData;
import dev.tessera.cube.model.TableCatalog;
import dev.tessera.cube.sql.BoundSql;
import dev.tessera.cube.sql.DuckDbDialect;
import dev.tessera.cube.sql.SqlDialect;
import io.dropwizard.lifecycle.Managed;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded DuckDB behind a Dropwizard lifecycle. {@link #start()} opens the database locked down
 * ({@link DuckDbSetup}): extensions neither installed nor loaded on their own, the tables loaded, then no file
 * access at all. Statements run on a fixed number of workers shared fairly between users ({@link FairScheduler}): a
 * user has at most {@code maxConcurrentQueriesPerUser} queries running or waiting, of which at most
 * {@code maxRunningQueriesPerUser} hold a worker. Statements are cancelled in the engine when they pass their time.
 *
 * <p>The data lives in {@link Generation}s: a reload loads every table into a new database beside the served one
 * and swaps in one step ({@link Reloads}); each query leases the generation it started on until its cursor closes.
 */
public final class DuckDbEngine implements QueryEngine, Reloadable, Managed {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbEngine.class);
    private static final SqlDialect DIALECT = DuckDbDialect.INSTANCE;

    private final EngineConfig config;
    private final UserSlots slots;
    private final Generations generations;
    private final Reloads reloads;
    private volatile FairScheduler scheduler;

    public DuckDbEngine(EngineConfig config) {
        this.config = config;
        this.slots = new UserSlots(config.maxConcurrentQueriesPerUser());
        this.generations = new Generations(config);
        this.reloads = new Reloads(config, generations);
    }

    public EngineConfig config() {
        return config;
    }

    @Override
    public SqlDialect dialect() {
        return DIALECT;
    }

    @Override
    public QueryCaps caps() {
        return config.caps();
    }

    /**
     * Idempotent: the server calls it early, to fail before Jetty listens, and the lifecycle calls it again.
     *
     * @throws TableLoadException when a configured table cannot be loaded
     */
    @Override
    public synchronized void start() throws SQLException {
        if (generations.current() != null) {
            return;
        }
        generations.restart();
        generations.serve(generations.loadNext());
        int workers = config.maxConcurrentQueries();
        scheduler = new FairScheduler(workers, config.maxRunningQueriesPerUser(), workers * 16, "tessera-query");
        LOG.info("DuckDB ready: {} table(s), memory limit {} MiB, {} query workers, at most {} per user",
                config.tables().size(), config.effectiveMemoryLimitBytes() >> 20, workers,
                config.maxRunningQueriesPerUser());
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.stop();
            scheduler = null;
        }
        generations.stop();
    }

    public boolean isRunning() {
        return generations.current() != null;
    }

    /** Loaded tables and their columns (available once started), as the generation served now has them. */
    @Override
    public TableCatalog catalog() {
        return servedOrUnavailable().catalog();
    }

    @Override
    public long dataVersion() {
        return servedOrUnavailable().version();
    }

    @Override
    public ServedData served() {
        Generation served = servedOrUnavailable();
        return new ServedData(served.version(), served.tableRows());
    }

    /** The generation served now: for tests that watch generations come and go. */
    Generation servedGeneration() {
        return generations.current();
    }

    private Generation servedOrUnavailable() {
        Generation served = generations.current();
        if (served == null) {
            throw new EngineUnavailableException("the engine is not running", null);
        }
        return served;
    }

    @Override
    public ReloadReport reload(String trigger) {
        return reloads.now(trigger);
    }

    @Override
    public ReloadReport reloadAfterAnyRunning(String trigger) {
        return reloads.afterAnyRunning(trigger);
    }

    @Override
    public Optional<ReloadReport> lastReload() {
        return reloads.last();
    }

    @Override
    public long succeededReloads() {
        return reloads.succeeded();
    }

    @Override
    public long failedReloads() {
        return reloads.failed();
    }

    @Override
    public void checkReloadsWith(ReloadCheck check) {
        reloads.checkWith(check);
    }

    /**
     * Runs {@code preparer} on the data served now, then on every reload's new data before it is served, so what it
     * builds beside the tables is swapped in with them.
     *
     * @throws SQLException when it fails on the data served now
     */
    public void prepareGenerationsWith(GenerationPreparer preparer) throws SQLException {
        reloads.prepareWith(preparer);
    }

    /** Takes one of the user's slots, queues the statement for a worker and waits for its rows. */
    @Override
    public Cursor open(String user, BoundSql sql, Duration timeout) {
        FairScheduler pool = scheduler;
        if (pool == null) {
            throw new EngineUnavailableException("the engine is not running", null);
        }
        String key = user == null ? "" : user;
        Runnable slot = slots.take(key);
        Generations.Lease lease;
        try {
            lease = generations.lease();
        } catch (RuntimeException e) {
            slot.run();
            throw e;
        }
        Runnable release = () -> {
            lease.release().run();
            slot.run();
        };
        Execution execution = new Execution();
        Future<Cursor> future;
        try {
            future = pool.submit(key, () -> execution.run(lease.generation().root(), sql, release));
        } catch (RejectedExecutionException e) {
            release.run();
            throw new TooManyQueriesException(TooManyQueriesException.Scope.SERVER, pool.waiting());
        }
        return await(future, execution, release, timeout);
    }

    /** The waiting time counts towards the timeout; past it the statement is cancelled or never started. */
    private static Cursor await(Future<Cursor> future, Execution execution, Runnable release, Duration timeout) {
        try {
            return future.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            giveUp(future, execution, release);
            throw new QueryTimeoutException(timeout);
        } catch (InterruptedException e) {
            giveUp(future, execution, release);
            Thread.currentThread().interrupt();
            throw new EngineUnavailableException("interrupted while waiting for the engine", e);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), timeout);
        }
    }

    private static void giveUp(Future<Cursor> future, Execution execution, Runnable release) {
        if (execution.abandon()) {
            closeWhenDone(future); // finished just as time ran out
        } else if (future.cancel(false)) {
            release.run(); // never started: nobody else will free the slot
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

    /** What the worker's failure means to the caller: a timeout, the engine out of memory, or a refused statement. */
    static RuntimeException failure(Throwable cause, Duration timeout) {
        if (cause instanceof SQLTimeoutException) {
            return new QueryTimeoutException(timeout);
        }
        if (cause instanceof SQLException sqe) {
            String msg = Jdbc.firstLine(sqe.getMessage());
            if (msg.contains("Out of Memory")) {
                return new EngineUnavailableException("the engine is out of memory: " + msg, sqe);
            }
            return new QueryFailedException("the engine refused the statement: " + msg, sqe);
        }
        if (cause instanceof RuntimeException re) {
            return re;
        }
        return new QueryFailedException("the query failed: " + cause, cause);
    }
}
