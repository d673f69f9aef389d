package dev.tessera.cube.duckdb;

import dev.tessera.cube.EngineUnavailableException;
import dev.tessera.cube.QueryFailedException;
import dev.tessera.cube.QueryTimeoutException;
import dev.tessera.cube.TooManyQueriesException;
import dev.tessera.cube.engine.Cursor;
import dev.tessera.cube.engine.Jdbc;
import dev.tessera.cube.engine.QueryCaps;
import dev.tessera.cube.engine.QueryEngine;
import dev.tessera.cube.model.DataType;
import dev.tessera.cube.model.TableCatalog;
import dev.tessera.cube.sql.BoundSql;
import dev.tessera.cube.sql.DuckDbDialect;
import dev.tessera.cube.sql.SqlDialect;
import dev.tessera.cube.sql.SqlParam;
import io.dropwizard.lifecycle.Managed;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded DuckDB behind a Dropwizard lifecycle. {@link #start()} opens the database with extension
 * auto-install and auto-load off, sets threads, memory limit and temp directory, loads the configured
 * tables, then switches external access off and locks the configuration: from then on no statement can
 * read a file. Statements run on a fixed number of workers shared fairly between users ({@link FairScheduler}): a
 * user has at most {@code maxConcurrentQueriesPerUser} queries running or waiting, of which at most
 * {@code maxRunningQueriesPerUser} hold a worker. Statements are cancelled in the engine when they pass their time.
 */
public final class DuckDbEngine implements QueryEngine, Managed {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbEngine.class);
    private static final SqlDialect DIALECT = DuckDbDialect.INSTANCE;

    private final EngineConfig config;
    private final Map<String, Semaphore> perUser = new ConcurrentHashMap<>();
    private volatile DuckDBConnection root;
    private volatile FairScheduler scheduler;
    private volatile TableCatalog catalog;

    public DuckDbEngine(EngineConfig config) {
        this.config = config;
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

    /** Idempotent: the server may call it early to fail before Jetty listens, and the lifecycle again. */
    @Override
    public synchronized void start() throws SQLException {
        if (root != null) {
            return;
        }
        Properties props = new Properties();
        // Before anything else: otherwise DuckDB reaches for the network at the first query needing an extension.
        props.setProperty("autoinstall_known_extensions", "false");
        props.setProperty("autoload_known_extensions", "false");
        String url = "jdbc:duckdb:" + (config.inMemory() ? "" : config.database());
        DuckDBConnection conn = (DuckDBConnection) DriverManager.getConnection(url, props);
        try {
            try (Statement s = conn.createStatement()) {
                s.execute("SET autoinstall_known_extensions = false");
                s.execute("SET autoload_known_extensions = false");
                if (config.threads() != null) {
                    s.execute("SET threads = " + config.threads().intValue());
                }
                s.execute("SET memory_limit = '" + (config.effectiveMemoryLimitBytes() >> 20) + "MiB'");
                if (config.tempDirectory() != null && !config.tempDirectory().isBlank()) {
                    s.execute("SET temp_directory = " + literal(config.tempDirectory()));
                }
            }
            for (TableConfig t : config.tables()) {
                load(conn, t);
            }
            try (Statement s = conn.createStatement()) {
                s.execute("SET enable_external_access = false");
                s.execute("SET lock_configuration = true");
            }
            catalog = readCatalog(conn);
        } catch (SQLException | RuntimeException e) {
            Jdbc.closeQuietly(conn);
            throw e;
        }
        int workers = config.maxConcurrentQueries();
        scheduler = new FairScheduler(workers, config.maxRunningQueriesPerUser(), workers * 16, "tessera-query");
        root = conn;
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
        if (root != null) {
            Jdbc.closeQuietly(root);
            root = null;
        }
    }

    public boolean isRunning() {
        return root != null;
    }

    /** Loaded tables and their columns (available once started). */
    @Override
    public TableCatalog catalog() {
        requireRunning();
        return catalog;
    }

    @Override
    public Cursor open(String user, BoundSql sql, Duration timeout) {
        FairScheduler pool = scheduler;
        DuckDBConnection db = root;
        if (pool == null || db == null) {
            throw new EngineUnavailableException("the engine is not running", null);
        }
        String key = user == null ? "" : user;
        Semaphore slots = perUser.computeIfAbsent(key, u -> new Semaphore(config.maxConcurrentQueriesPerUser()));
        if (!slots.tryAcquire()) {
            throw new TooManyQueriesException(TooManyQueriesException.Scope.USER, config.maxConcurrentQueriesPerUser());
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                slots.release();
            }
        };
        Execution execution = new Execution();
        Future<Cursor> future;
        try {
            future = pool.submit(key, () -> execute(db, sql, execution, release));
        } catch (RejectedExecutionException e) {
            release.run();
            throw new TooManyQueriesException(TooManyQueriesException.Scope.SERVER, pool.waiting());
        }
        try {
            return future.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (execution.abandon()) {
                closeWhenDone(future); // finished just as time ran out
            } else if (future.cancel(false)) {
                release.run(); // never started: nobody else will free the slot
            }
            throw new QueryTimeoutException(timeout);
        } catch (InterruptedException e) {
            if (execution.abandon()) {
                closeWhenDone(future);
            } else if (future.cancel(false)) {
                release.run();
            }
            Thread.currentThread().interrupt();
            throw new EngineUnavailableException("interrupted while waiting for the engine", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLTimeoutException) {
                throw new QueryTimeoutException(timeout);
            }
            if (cause instanceof SQLException sqe) {
                String msg = Jdbc.firstLine(sqe.getMessage());
                if (msg.contains("Out of Memory")) {
                    throw new EngineUnavailableException("the engine is out of memory: " + msg, sqe);
                }
                throw new QueryFailedException("the engine refused the statement: " + msg, sqe);
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new QueryFailedException("the query failed: " + cause, cause);
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

    private static Cursor execute(DuckDBConnection db, BoundSql sql, Execution execution, Runnable release)
            throws SQLException {
        Connection conn = null;
        PreparedStatement ps = null;
        try {
            conn = db.duplicate();
            ps = conn.prepareStatement(sql.sql());
            bind(ps, sql.params());
            if (!execution.register(ps)) {
                throw new SQLTimeoutException("abandoned before it started");
            }
            ResultSet rs = ps.executeQuery();
            Cursor cursor = new Cursor(conn, ps, rs, release);
            if (!execution.finish()) {
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

    private void load(Connection conn, TableConfig t) {
        String reader = t.effectiveFormat() == TableConfig.Format.PARQUET ? "read_parquet" : "read_csv";
        String sql = "CREATE OR REPLACE TABLE " + DIALECT.quoteIdentifier(t.name()) + " AS SELECT * FROM " + reader + "(?)";
        long started = System.nanoTime();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, t.source());
            ps.execute();
        } catch (SQLException e) {
            throw new TableLoadException("table '" + t.name() + "': cannot load " + t.source() + ": "
                    + condense(e.getMessage()), e);
        }
        LOG.info("loaded table {} from {} in {} ms", t.name(), t.source(), (System.nanoTime() - started) / 1_000_000);
    }

    private static TableCatalog readCatalog(Connection conn) throws SQLException {
        Map<String, Map<String, DataType>> tables = new LinkedHashMap<>();
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name, column_name, data_type FROM information_schema.columns "
                     + "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position")) {
            while (rs.next()) {
                tables.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                        .put(rs.getString(2), DIALECT.modelType(rs.getString(3)));
            }
        }
        return new TableCatalog(tables);
    }

    private void requireRunning() {
        if (root == null) {
            throw new EngineUnavailableException("the engine is not running", null);
        }
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** DuckDB's messages run to dozens of lines; keep the reason, the column and the file. */
    static String condense(String message) {
        if (message == null) {
            return "(no message)";
        }
        StringBuilder sb = new StringBuilder();
        for (String line : message.split("\n")) {
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("LINE ") || l.equals("^")) {
                continue;
            }
            boolean keep = sb.length() == 0 || l.startsWith("Error when converting column") || l.startsWith("file =")
                    || l.startsWith("Original Line") || l.startsWith("Column ");
            if (keep) {
                sb.append(sb.length() == 0 ? "" : "; ").append(l);
            }
        }
        return sb.length() > 600 ? sb.substring(0, 600) + "..." : sb.toString();
    }

    /** Lets the waiting thread cancel the running statement, and the worker learn it was abandoned. */
    private static final class Execution {
        private Statement statement;
        private boolean abandoned;
        private boolean finished;

        synchronized boolean register(Statement s) {
            statement = s;
            return !abandoned;
        }

        synchronized boolean finish() {
            finished = true;
            return !abandoned;
        }

        /** @return true when the statement had already finished (its cursor is then the caller's to close) */
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
}
