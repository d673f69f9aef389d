package dev.tessera.cube.duckdb;

import dev.tessera.cube.engine.Jdbc;
import dev.tessera.cube.model.DataType;
import dev.tessera.cube.model.TableCatalog;
import dev.tessera.cube.sql.SqlDialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.duckdb.DuckDBConnection;

/**
 * Opens the database the way the engine must run: extension auto-install and auto-load off before anything else,
 * threads, memory limit and temp directory set, the tables loaded, then external access off and the configuration
 * locked, so that from then on no statement can read a file.
 */
final class DuckDbSetup {

    private DuckDbSetup() {
    }

    /**
     * @param database the file to open, or "" for a database in memory
     * @throws TableLoadException when a table cannot be loaded (nothing is left open)
     */
    static DuckDBConnection open(EngineConfig config, String database) throws SQLException {
        DuckDBConnection conn = connect(database);
        try {
            configure(conn, config);
            TableLoader.loadAll(conn, config.tables());
            lockDown(conn);
            return conn;
        } catch (SQLException | RuntimeException e) {
            Jdbc.closeQuietly(conn);
            throw e;
        }
    }

    /** Loaded tables and their columns, typed in the model's terms. */
    static TableCatalog catalog(Connection conn, SqlDialect dialect) throws SQLException {
        Map<String, Map<String, DataType>> tables = new LinkedHashMap<>();
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name, column_name, data_type FROM information_schema.columns "
                     + "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position")) {
            while (rs.next()) {
                tables.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                        .put(rs.getString(2), dialect.modelType(rs.getString(3)));
            }
        }
        return new TableCatalog(tables);
    }

    private static DuckDBConnection connect(String database) throws SQLException {
        Properties props = new Properties();
        // Before anything else: otherwise DuckDB reaches for the network at the first query needing an extension.
        props.setProperty("autoinstall_known_extensions", "false");
        props.setProperty("autoload_known_extensions", "false");
        String url = "jdbc:duckdb:" + database;
        return (DuckDBConnection) DriverManager.getConnection(url, props);
    }

    private static void configure(Connection conn, EngineConfig config) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("SET autoinstall_known_extensions = false");
            s.execute("SET autoload_known_extensions = false");
            if (config.threads() != null) {
                s.execute("SET threads = " + config.threads().intValue());
            }
            s.execute("SET memory_limit = '" + (config.effectiveMemoryLimitBytes() >> 20) + "MiB'");
            if (config.tempDirectory() != null && !config.tempDirectory().isBlank()) {
                s.execute("SET temp_directory = '" + config.tempDirectory().replace("'", "''") + "'");
            }
        }
    }

    private static void lockDown(Connection conn) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("SET enable_external_access = false");
            s.execute("SET lock_configuration = true");
        }
    }
}
