package dev.tessera.cube.duckdb;

import dev.tessera.cube.EngineUnavailableException;
import dev.tessera.cube.QueryFailedException;
import dev.tessera.cube.QueryTimeoutException;
import dev.tessera.cube.TooManyQueriesException;
import dev.tessera.cube.model.DataType;
import dev.tessera.cube.model.TableCatalog;
import dev.tessera.cube.sql.BoundSql;
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
import java.util.Locale;
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
public final class DuckDbEngine implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbEngine.class);

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
            closeQuietly(conn);
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
            closeQuietly(root);
            root = null;
        }
    }

    public boolean isRunning() {
        return root != null;
    }

    /** Loaded tables and their columns (available once started). */
    public TableCatalog catalog() {
        requireRunning();
        return catalog;
    }

    /** Runs a statement and reads its rows on the caller's thread, then frees the slot. */
    public <T> T query(String user, BoundSql sql, Duration timeout, Cursor.Reader<T> reader) {
        try (Cursor cursor = open(user, sql, timeout)) {
            return reader.read(cursor.resultSet());
        } catch (SQLException e) {
            throw new QueryFailedException("reading the result failed: " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Executes a statement within {@code timeout} (queue time included) and hands back its rows; the
     * caller closes the cursor, which frees the user's slot.
     *
     * @throws TooManyQueriesException   the user, or the engine queue, is at its cap
     * @throws QueryTimeoutException     past the timeout; the statement was cancelled in the engine
     * @throws QueryFailedException      the engine refused the statement
     * @throws EngineUnavailableException not started, stopping, or out of memory
     */
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
                String msg = firstLine(sqe.getMessage());
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
            closeQuietly(ps);
            closeQuietly(conn);
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
        String sql = "CREATE OR REPLACE TABLE " + quote(t.name()) + " AS SELECT * FROM " + reader + "(?)";
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
                        .put(rs.getString(2), dataType(rs.getString(3)));
            }
        }
        return new TableCatalog(tables);
    }

    /** Maps a DuckDB type name to the model's; types without a match are read as strings. */
    public static DataType dataType(String duckType) {
        String t = duckType.toUpperCase(Locale.ROOT);
        if (t.startsWith("DECIMAL") || t.startsWith("NUMERIC")) {
            return DataType.DECIMAL;
        }
        if (t.startsWith("TIMESTAMP") || t.equals("DATETIME")) {
            return DataType.TIMESTAMP;
        }
        return switch (t) {
            case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT", "UHUGEINT", "INT", "LONG" -> DataType.INT;
            case "FLOAT", "DOUBLE", "REAL" -> DataType.DOUBLE;
            case "BOOLEAN" -> DataType.BOOLEAN;
            case "DATE" -> DataType.DATE;
            default -> DataType.STRING;
        };
    }

    private void requireRunning() {
        if (root == null) {
            throw new EngineUnavailableException("the engine is not running", null);
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
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

    static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("close failed", e);
            }
        }
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
