package dev.tessera.server.testing;

import static org.assertj.core.api.Assertions.fail;

import dev.tessera.server.TesseraConfiguration;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Trino that {@code scripts/start-test-trino.sh} runs (single node, HTTPS with a self-signed certificate,
 * file password authentication, a service account that may impersonate): where it is, the test tables loaded into
 * its {@code memory} catalog from the same CSV files the DuckDB tests read, and app configs pointed at it.
 */
public final class TrinoTestServer {
    public static final int PORT = 18443;
    public static final String URL = "https://localhost:" + PORT;
    public static final String TRUST_STORE = "/tmp/tessera-trino/etc/truststore.jks";
    public static final String USER = "tessera";
    public static final String PASSWORD = "tessera-trino-secret";
    /** Where the cube tests' tables are: {@code memory.tessera_it}. */
    public static final String SCHEMA = "tessera_it";
    private static final Pattern ENGINE_BLOCK = Pattern.compile("(?ms)^engine:\\n(.*?)(?=^\\S)");
    private static final Pattern CAP = Pattern.compile(
            "(?m)^\\s+((?:maxRows|csvMaxRows|queryTimeout|maxConcurrentQueriesPerUser|maxConcurrentQueries|"
                    + "maxRunningQueriesPerUser):[^#\\n]*)");
    /** Tables loaded in this JVM: each test class names its own, and one loaded before is not loaded again. */
    private static final Set<String> LOADED = new HashSet<>();

    private TrinoTestServer() {}

    public static boolean running() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("localhost", PORT), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Skips the test when Trino is not running on a developer's machine; under CI a missing Trino fails it. */
    public static void assumeRunning() {
        if (running()) {
            return;
        }
        String why = "Trino is not running on " + URL + ": start it with scripts/start-test-trino.sh";
        if (System.getenv("CI") != null) {
            fail(why + " (CI is set, so this is a failure, not a skip)");
        }
        Assumptions.abort(why);
    }

    /** A connection as the service account, or (sessionUser) acting as that user. */
    public static Connection connect(String sessionUser) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        p.setProperty("SSL", "true");
        p.setProperty("SSLTrustStorePath", TRUST_STORE);
        p.setProperty("SSLTrustStorePassword", "changeit");
        if (sessionUser != null) {
            p.setProperty("sessionUser", sessionUser);
        }
        return DriverManager.getConnection("jdbc:trino://localhost:" + PORT + "/memory/" + SCHEMA, p);
    }

    /**
     * The app on a config resource whose {@code engine:} block becomes a Trino engine named {@code default} over
     * {@code memory.tessera_it}, keeping its caps; the tables are loaded first (when Trino runs), so the engine finds
     * them at start.
     */
    public static DropwizardAppExtension<TesseraConfiguration> app(String configResource, String... tables) {
        if (running()) {
            load(tables);
        }
        return TesseraTestApp.createFromFile(trinoConfig(configResource));
    }

    /** The Trino engine's block under {@code engines:}, indented for a named entry. */
    public static String engineBlock(String url, String catalog, String schema, String password) {
        return "    type: trino\n    url: " + url + "\n    catalog: " + catalog + "\n    schema: " + schema + "\n"
                + "    user: " + USER + "\n    password: " + password + "\n    trustStorePath: " + TRUST_STORE + "\n"
                + "    trustStorePassword: changeit\n    runAsSignedInUser: true\n    retryInterval: 500ms\n";
    }

    private static Path trinoConfig(String configResource) {
        try {
            String yaml = Files.readString(Path.of(ResourceHelpers.resourceFilePath(configResource)));
            Matcher block = ENGINE_BLOCK.matcher(yaml);
            if (!block.find()) {
                throw new IllegalArgumentException(configResource + " has no engine: block");
            }
            StringBuilder engines = new StringBuilder("engines:\n  default:\n")
                    .append(engineBlock(URL, "memory", SCHEMA, PASSWORD));
            Matcher cap = CAP.matcher(block.group(1));
            while (cap.find()) {
                engines.append("    ").append(cap.group(1).strip()).append('\n');
            }
            Path file = Files.createTempFile("tessera-trino-", ".yml");
            Files.writeString(file, yaml.substring(0, block.start()) + engines + yaml.substring(block.end()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads each CSV of {@code src/test/resources/cubes} into {@code memory.tessera_it} with the column types
     * DuckDB reads from it (the answers are compared with DuckDB's), each table once per test JVM.
     */
    public static synchronized void load(String... tables) {
        if (LOADED.containsAll(List.of(tables))) {
            return;
        }
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Connection trino = connect(null); Statement t = trino.createStatement()) {
            t.execute("CREATE SCHEMA IF NOT EXISTS memory." + SCHEMA);
            for (String table : tables) {
                if (!LOADED.contains(table)) {
                    copy(duck, t, table);
                    LOADED.add(table);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("loading the test tables into Trino failed: " + e.getMessage(), e);
        }
    }

    private static void copy(Connection duck, Statement trino, String table) throws SQLException {
        String file = table.equals("grid") ? "spin_a" : table;
        try (Statement d = duck.createStatement();
             ResultSet rs = d.executeQuery("SELECT * FROM read_csv('src/test/resources/cubes/" + file + ".csv')")) {
            int width = rs.getMetaData().getColumnCount();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= width; i++) {
                columns.add("\"" + rs.getMetaData().getColumnName(i) + "\" " + trinoType(rs.getMetaData().getColumnTypeName(i)));
            }
            trino.execute("DROP TABLE IF EXISTS memory." + SCHEMA + "." + table);
            trino.execute("CREATE TABLE memory." + SCHEMA + "." + table + " (" + String.join(", ", columns) + ")");
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= width; i++) {
                    cells.add(literal(rs.getObject(i), rs.getMetaData().getColumnTypeName(i)));
                }
                rows.add("(" + String.join(", ", cells) + ")");
                if (rows.size() == 2000) {
                    insert(trino, table, rows);
                }
            }
            insert(trino, table, rows);
        }
    }

    private static void insert(Statement trino, String table, List<String> rows) throws SQLException {
        if (!rows.isEmpty()) {
            trino.execute("INSERT INTO memory." + SCHEMA + "." + table + " VALUES " + String.join(", ", rows));
            rows.clear();
        }
    }

    private static String trinoType(String duckType) {
        String t = duckType.toUpperCase(Locale.ROOT);
        return switch (t) {
            case "VARCHAR" -> "VARCHAR";
            case "BIGINT", "INTEGER", "HUGEINT" -> "BIGINT";
            case "DOUBLE", "FLOAT" -> "DOUBLE";
            case "DATE" -> "DATE";
            case "BOOLEAN" -> "BOOLEAN";
            case "TIMESTAMP" -> "TIMESTAMP(6)";
            default -> t.startsWith("DECIMAL") ? t : "VARCHAR";
        };
    }

    /** Test data as SQL literals (the values are the test's own CSV files, quoted as SQL quotes). */
    private static String literal(Object value, String duckType) {
        if (value == null) {
            return "NULL";
        }
        String t = trinoType(duckType);
        String text = value.toString().replace("'", "''");
        return switch (t) {
            case "VARCHAR" -> "'" + text + "'";
            case "DATE" -> "DATE '" + text + "'";
            case "TIMESTAMP(6)" -> "TIMESTAMP '" + text.replace('T', ' ') + "'";
            case "BIGINT", "DOUBLE", "BOOLEAN" -> text;
            default -> "CAST('" + text + "' AS " + t + ")";
        };
    }
}
