import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Properties;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes Trino's {@code tpch.sf1.lineitem} (the rows Trino generates, 6,001,215 of them) to a Parquet file, so the
 * bench can run Tessera-on-DuckDB over exactly the rows Tessera-on-Trino reads (see bench/trino/run.sh).
 *
 * <p>Only the columns the bench's cube uses are written. DuckDB's own {@code tpch} extension is not used: it is not
 * bundled with the JDBC driver and the engine must not download extensions. Rows go through DuckDB's appender into an
 * in-memory table, then {@code COPY ... TO ... (FORMAT parquet)} (built in).
 *
 * <p>Usage: java -cp trino-jdbc.jar:duckdb_jdbc.jar TpchExport.java TRINO_URL TRUSTSTORE PASSWORD OUT.parquet
 */
public final class TpchExport {

    private static final String COLUMNS = "returnflag, linestatus, shipdate, shipmode, quantity, extendedprice, discount, tax";

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "tessera");
        p.setProperty("password", args[2]);
        p.setProperty("SSL", "true");
        p.setProperty("SSLTrustStorePath", args[1]);
        p.setProperty("SSLTrustStorePassword", "changeit");
        String out = args[3];
        long rows = 0;
        try (Connection trino = DriverManager.getConnection("jdbc:trino://" + URI.create(args[0]).getAuthority() + "/tpch/sf1", p);
                DuckDBConnection duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement s = duck.createStatement()) {
                s.execute("SET autoinstall_known_extensions = false");
                s.execute("SET autoload_known_extensions = false");
                // The types Trino's tpch connector gives these columns (checked below, row by row, by the getters).
                s.execute("CREATE TABLE lineitem (returnflag VARCHAR, linestatus VARCHAR, shipdate DATE, shipmode VARCHAR,"
                        + " quantity DOUBLE, extendedprice DOUBLE, discount DOUBLE, tax DOUBLE)");
            }
            try (Statement q = trino.createStatement();
                    ResultSet rs = q.executeQuery("SELECT " + COLUMNS + " FROM lineitem");
                    DuckDBAppender appender = duck.createAppender("main", "lineitem")) {
                while (rs.next()) {
                    appender.beginRow()
                            .append(rs.getString(1)).append(rs.getString(2))
                            .append(rs.getObject(3, LocalDate.class)).append(rs.getString(4))
                            .append(rs.getDouble(5)).append(rs.getDouble(6)).append(rs.getDouble(7)).append(rs.getDouble(8))
                            .endRow();
                    rows++;
                }
            }
            try (Statement s = duck.createStatement()) {
                s.execute("COPY lineitem TO '" + out.replace("'", "''") + "' (FORMAT parquet, COMPRESSION zstd)");
            }
        }
        System.out.println("wrote " + rows + " rows of tpch.sf1.lineitem to " + out);
    }
}
