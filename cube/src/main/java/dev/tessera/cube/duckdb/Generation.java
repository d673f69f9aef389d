package dev.tessera.cube.duckdb;

import dev.tessera.cube.engine.Jdbc;
import dev.tessera.cube.model.TableCatalog;
import dev.tessera.cube.sql.DuckDbDialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One version of the data: a DuckDB database of its own with every table loaded, then locked down. Queries lease
 * it for as long as their cursor is open; once a newer generation is served this one is retired, and it closes
 * when its last lease is returned. A query therefore reads one version from its first row to its last, across
 * every table it joins, and a reload never pulls a database from under a running query.
 */
final class Generation {
    private static final Logger LOG = LoggerFactory.getLogger(Generation.class);

    private final int number;
    private final long version;
    private final DuckDBConnection root;
    private final TableCatalog catalog;
    private final Map<String, Long> tableRows;
    private final Path ownFile;
    private int leases;
    private boolean retired;
    private boolean closed;

    private Generation(int number, long version, DuckDBConnection root, TableCatalog catalog,
                       Map<String, Long> tableRows, Path ownFile) {
        this.number = number;
        this.version = version;
        this.root = root;
        this.catalog = catalog;
        this.tableRows = tableRows;
        this.ownFile = ownFile;
    }

    /**
     * Opens a new database and loads every table into it. The first generation uses {@code engine.database}; a
     * reload of a file database writes a file of its own beside it ({@code <database>.reload-<n>}), deleted when
     * the generation closes, since one file cannot be opened twice.
     *
     * @throws TableLoadException when a table cannot be loaded (nothing is left open)
     */
    static Generation load(EngineConfig config, int number, long version) throws SQLException {
        Path ownFile = config.inMemory() || number == 1 ? null : Path.of(config.database() + ".reload-" + number);
        if (ownFile != null) {
            deleteQuietly(ownFile); // left by a crash: a stale file would mix in old tables
        } else if (!config.inMemory()) {
            deleteLeftReloads(Path.of(config.database()).toAbsolutePath());
        }
        String database = config.inMemory() ? "" : ownFile == null ? config.database() : ownFile.toString();
        DuckDBConnection conn = DuckDbSetup.open(config, database);
        try {
            TableCatalog catalog = DuckDbSetup.catalog(conn, DuckDbDialect.INSTANCE);
            return new Generation(number, version, conn, catalog, countRows(conn, catalog), ownFile);
        } catch (SQLException | RuntimeException e) {
            Jdbc.closeQuietly(conn);
            deleteQuietly(ownFile);
            throw e;
        }
    }

    private static Map<String, Long> countRows(DuckDBConnection conn, TableCatalog catalog) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Statement s = conn.createStatement()) {
            for (String table : catalog.tables().keySet()) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + DuckDbDialect.INSTANCE.quoteIdentifier(table))) {
                    rs.next();
                    rows.put(table, rs.getLong(1));
                }
            }
        }
        return Collections.unmodifiableMap(rows);
    }

    int number() {
        return number;
    }

    long version() {
        return version;
    }

    DuckDBConnection root() {
        return root;
    }

    TableCatalog catalog() {
        return catalog;
    }

    Map<String, Long> tableRows() {
        return tableRows;
    }

    /**
     * Takes a lease for one query.
     *
     * @return what returns it (safe to run more than once), or empty when this generation is retired: read the
     *         current one again
     */
    synchronized Optional<Runnable> lease() {
        if (retired) {
            return Optional.empty();
        }
        leases++;
        AtomicBoolean returned = new AtomicBoolean();
        return Optional.of(() -> {
            if (returned.compareAndSet(false, true)) {
                returnLease();
            }
        });
    }

    private synchronized void returnLease() {
        leases--;
        if (retired && leases == 0) {
            close();
        }
    }

    /** No new query may lease it; it closes now, or when the last running query is done. */
    synchronized void retire() {
        retired = true;
        if (leases == 0) {
            close();
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Closes at once, leases or not: for the engine's stop and for a candidate that was never served. */
    synchronized void close() {
        retired = true;
        if (!closed) {
            closed = true;
            Jdbc.closeQuietly(root);
            deleteQuietly(ownFile);
            LOG.debug("data generation {} (version {}) closed", number, version);
        }
    }

    /** At start: the reload files a process that crashed left beside the database, which nothing will read again. */
    private static void deleteLeftReloads(Path database) {
        String prefix = database.getFileName() + ".reload-";
        try (Stream<Path> siblings = Files.list(database.getParent())) {
            siblings.filter(p -> p.getFileName().toString().startsWith(prefix) && !p.toString().endsWith(".wal"))
                    .forEach(Generation::deleteQuietly);
        } catch (IOException e) {
            LOG.warn("could not look for old reload files beside {}: {}", database, e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(Path.of(file + ".wal"));
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", file, e.getMessage());
        }
    }
}
