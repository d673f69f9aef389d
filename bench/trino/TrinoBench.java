import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tessera-on-Trino beside the same SQL sent straight to Trino with trino-jdbc, and beside Tessera-on-DuckDB over the
 * same rows in Parquet, in one run (see bench/trino/run.sh). Takes each case's SQL and bound values from Tessera's
 * explain endpoint (values given here in the same order), then takes turns: an HTTP query to the Trino cube (body
 * read to the end), a direct prepared statement (every cell read), an HTTP query to the DuckDB cube. Checks once
 * that both cubes answer the same number of rows.
 *
 * <p>Usage: java -cp trino-jdbc.jar TrinoBench.java TESSERA_URL ADMIN_PASSWORD TRINO_URL TRUSTSTORE PASSWORD RUNS WARMUP
 */
public final class TrinoBench {

    /** {@code cube}: the cube Tessera-on-Trino is asked; the direct SQL is always cube lineitem's (over the facts). */
    record Case(String name, String cube, String body, List<Object> values) {}

    /** TPC-H Q1 as a cube query. */
    static final String Q1 = "{\"levels\":[\"status.returnflag\",\"status.linestatus\"],\"measures\":[\"quantity\",\"basePrice\","
            + "\"discPrice\",\"charge\",\"avgQuantity\",\"avgPrice\",\"avgDiscount\",\"lines\"],"
            + "\"filters\":{\"level\":\"ship.date\",\"op\":\"lte\",\"value\":\"1998-09-02\"}}";

    public static void main(String[] args) throws Exception {
        String tessera = args[0];
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + args[1]).getBytes(StandardCharsets.UTF_8));
        int runs = Integer.parseInt(args[5]);
        int warmup = Integer.parseInt(args[6]);
        List<Case> cases = List.of(
                new Case("TPC-H Q1 (lineitem, 6M rows, shipped by 1998-09-02, 2 levels, 8 measures)", "lineitem", Q1,
                        List.of("1998-09-02", 0L, 101L)),
                new Case("2-level group-by (ship year x ship mode, sum and count)", "lineitem",
                        "{\"levels\":[\"ship.year\",\"mode.mode\"],\"measures\":[\"quantity\",\"lines\"]}",
                        List.of(0L, 101L)),
                new Case("TPC-H Q1 from a local aggregate (cube lineitem_agg) vs Trino over the facts", "lineitem_agg", Q1,
                        List.of("1998-09-02", 0L, 101L)));
        HttpClient http = HttpClient.newHttpClient();
        Properties p = new Properties();
        p.setProperty("user", "tessera");
        p.setProperty("password", args[4]);
        p.setProperty("SSL", "true");
        p.setProperty("SSLTrustStorePath", args[3]);
        p.setProperty("SSLTrustStorePassword", "changeit");
        System.out.println("| case | Tessera-on-Trino median ms | trino-jdbc direct median ms | overhead ratio"
                + " | Tessera-on-DuckDB median ms | DuckDB advantage (Tessera-on-Trino / Tessera-on-DuckDB)"
                + " | direct / Tessera-on-Trino |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        try (Connection trino = DriverManager.getConnection("jdbc:trino://" + URI.create(args[2]).getAuthority() + "/tpch/sf1", p)) {
            for (Case c : cases) {
                String sql = explainSql(http, tessera, auth, c.body());
                sameRowCount(http, tessera, auth, c.body());
                long[] viaTessera = new long[runs];
                long[] direct = new long[runs];
                long[] viaDuckDb = new long[runs];
                for (int i = -warmup; i < runs; i++) {
                    long a = timeHttp(http, tessera, auth, c.cube(), c.body());
                    long b = timeDirect(trino, sql, c.values());
                    long e = timeHttp(http, tessera, auth, "lineitem_duckdb", c.body());
                    if (i >= 0) {
                        viaTessera[i] = a;
                        direct[i] = b;
                        viaDuckDb[i] = e;
                    }
                }
                double t = median(viaTessera) / 1e6;
                double d = median(direct) / 1e6;
                double k = median(viaDuckDb) / 1e6;
                System.out.printf(Locale.ROOT, "| %s | %.1f | %.0f | %.3f | %.1f | %.0fx | %.0fx |%n", c.name(), t, d, t / d, k,
                        t / k, d / t);
            }
        }
    }

    private static String explainSql(HttpClient http, String tessera, String auth, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(tessera + "/api/v1/cubes/lineitem/query/explain"))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("explain: " + r.statusCode() + " " + r.body());
        }
        Matcher m = Pattern.compile("\"sql\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no sql in " + r.body());
        }
        return m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
    }

    /** The two engines must answer the same groups, or the comparison would be of different work. */
    private static void sameRowCount(HttpClient http, String tessera, String auth, String body) throws Exception {
        int onTrino = rowCount(query(http, tessera, auth, "lineitem", body));
        int onDuckDb = rowCount(query(http, tessera, auth, "lineitem_duckdb", body));
        if (onTrino != onDuckDb || onTrino == 0) {
            throw new IllegalStateException("Trino answered " + onTrino + " rows, DuckDB " + onDuckDb + " for " + body);
        }
    }

    private static int rowCount(String answer) {
        int rows = answer.indexOf("\"rows\":[[") < 0 ? 0 : 1;
        for (int at = answer.indexOf("],["); at >= 0; at = answer.indexOf("],[", at + 1)) {
            rows++;
        }
        return rows;
    }

    private static String query(HttpClient http, String tessera, String auth, String cube, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(tessera + "/api/v1/cubes/" + cube + "/query"))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(cube + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static long timeHttp(HttpClient http, String tessera, String auth, String cube, String body) throws Exception {
        long start = System.nanoTime();
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(tessera + "/api/v1/cubes/" + cube + "/query"))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        long took = System.nanoTime() - start;
        if (r.statusCode() != 200) {
            throw new IllegalStateException("query: " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return took;
    }

    private static long timeDirect(Connection trino, String sql, List<Object> values) throws Exception {
        long start = System.nanoTime();
        try (PreparedStatement ps = trino.prepareStatement(sql)) {
            for (int i = 0; i < values.size(); i++) {
                ps.setObject(i + 1, values.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                int width = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int c = 1; c <= width; c++) {
                        rs.getObject(c);
                    }
                }
            }
        }
        return System.nanoTime() - start;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
