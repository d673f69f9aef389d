import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.cube.CubeService;
import dev.tessera.cube.duckdb.DuckDbEngine;
import dev.tessera.cube.query.CubeQuery;
import dev.tessera.cube.restrict.EffectiveRestriction;
import dev.tessera.cube.restrict.Grants;
import dev.tessera.server.TesseraApplication;
import dev.tessera.server.TesseraConfiguration;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.JettyManaged;
import io.dropwizard.lifecycle.ServerLifecycleListener;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.duckdb.DuckDBConnection;
import org.eclipse.jetty.server.Server;

/**
 * Tessera's HTTP API beside the same SQL run directly on DuckDB, in one JVM (see bench/cube/run.sh).
 *
 * <p>Starts the real application in this process, takes each case's SQL from the explain endpoint, and for each
 * case alternates an HTTP call (java.net.http, body read to the last byte) with a direct JDBC execution of that
 * SQL, values bound, every cell read with getObject, on a connection duplicated from the engine's own database
 * (same tables, same threads and memory settings). Prints medians and the ratio as a Markdown table.
 *
 * <p>Usage: java -cp tessera.jar:classes CubeBench CONFIG ADMIN_PASSWORD RUNS WARMUP
 */
public final class CubeBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile Environment environment;
    private static volatile TesseraConfiguration configuration;
    private static volatile int port;

    /** The real application; only keeps hold of its environment and configuration to reach the engine afterwards. */
    public static final class InProcess extends TesseraApplication {
        @Override
        public void run(TesseraConfiguration config, Environment env) throws Exception {
            super.run(config, env);
            env.lifecycle().addServerLifecycleListener(new ServerLifecycleListener() {
                @Override
                public void serverStarted(Server server) {
                    port = getLocalPort(server);
                }
            });
            environment = env;
            configuration = config;
        }
    }

    record Case(String id, String title, String user, String body, String explainBody, boolean csv, List<Object> filterValues,
                int fetch) {}

    record Timing(double httpMs, double directMs, double pairedRatio, long bytes, long rows, double serverMs) {}

    private static final java.util.regex.Pattern ELAPSED = java.util.regex.Pattern.compile("\"elapsedMs\":(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String adminAuth;

    private CubeBench(String adminPassword) {
        this.base = "http://localhost:" + port;
        this.adminAuth = basic("admin", adminPassword);
    }

    public static void main(String[] args) throws Exception {
        String config = args[0];
        int runs = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        new InProcess().run("server", config);
        if (environment == null || port == 0) {
            throw new IllegalStateException("the application did not start; see the log above");
        }
        // System.exit either way: Jetty's threads would keep the JVM alive. A failure must fail the script, not vanish.
        try {
            new CubeBench(args[1]).measure(runs, warmup);
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
    }

    /** The served data version's own connection (package-private in the engine: the bench reaches in on purpose). */
    private static Object servedRoot(DuckDbEngine engine) throws ReflectiveOperationException {
        Field generations = DuckDbEngine.class.getDeclaredField("generations");
        generations.setAccessible(true);
        Object served = generations.get(engine);
        java.lang.reflect.Method current = served.getClass().getDeclaredMethod("current");
        current.setAccessible(true);
        Object generation = current.invoke(served);
        java.lang.reflect.Method root = generation.getClass().getDeclaredMethod("root");
        root.setAccessible(true);
        return root.invoke(generation);
    }

    private void measure(int runs, int warmup) throws Exception {
        DuckDbEngine engine = managed(DuckDbEngine.class);
        // The server's own service is not reachable from here; one compiled the same way over the same engine is.
        CubeService cubes = CubeService.compile(engine, configuration.getCubes());
        Connection direct = ((DuckDBConnection) servedRoot(engine)).duplicate();

        String three = "{\"sales\":{\"geo.country\":[\"France\",\"Germany\",\"Japan\"]}}";
        send("PUT", "/api/v1/admin/restrictions/ROLE_BENCH3", three, adminAuth, 200);
        send("POST", "/api/v1/admin/basic-users",
                "{\"username\":\"analyst\",\"password\":\"analyst-password\",\"roles\":[\"ROLE_USER\"]}", adminAuth, 201);
        send("POST", "/api/v1/admin/basic-users",
                "{\"username\":\"analyst3\",\"password\":\"analyst-password\",\"roles\":[\"ROLE_USER\",\"ROLE_BENCH3\"]}",
                adminAuth, 201);
        String analyst = basic("analyst", "analyst-password");
        String analyst3 = basic("analyst3", "analyst-password");

        String a = "{\"levels\":[\"geo.country\",\"product.category\"],\"measures\":[\"revenue\",\"orders\",\"avgQuantity\"],"
                + "\"limit\":100000}";
        String b = "{\"levels\":[\"geo.country\",\"product.category\"],\"measures\":[\"revenue\",\"orders\",\"avgQuantity\"],"
                + "\"filters\":{\"level\":\"geo.country\",\"op\":\"in\",\"values\":[\"France\",\"Germany\",\"Japan\"]},"
                + "\"limit\":100000}";
        String c = "{\"levels\":[\"geo.continent\",\"geo.country\",\"product.category\"],"
                + "\"measures\":[\"revenue\",\"orders\",\"avgQuantity\"],"
                + "\"totals\":{\"grand\":true,\"subtotals\":[\"geo.continent\",\"geo.country\"]},\"limit\":100000}";
        String d = "{\"levels\":[\"product.product\"],\"measures\":[\"revenue\"],"
                + "\"order\":[{\"by\":\"revenue\",\"dir\":\"desc\"}],\"limit\":100}";
        String e = "{\"levels\":[\"geo.city\",\"product.category\"],\"measures\":[\"revenue\",\"orders\"],\"limit\":100000}";
        String zero = "{\"measures\":[\"orders\"],\"filters\":{\"level\":\"time.date\",\"op\":\"eq\",\"value\":\"1999-01-01\"}}";
        List<Object> countries = List.of("France", "Germany", "Japan");
        List<Case> cases = List.of(
                new Case("0", "fixed cost: a count whose filter matches nothing", analyst, zero, zero, false, List.of("1999-01-01"), 100_001),
                new Case("a", "2-level group-by, sum/count/avg (2,500 groups)", analyst, a, a, false, List.of(), 100_001),
                new Case("b", "(a) under a 3-country restriction", analyst3, a, b, false, countries, 100_001),
                new Case("c", "subtotals, GROUPING SETS (3 levels, grand + 2 subtotals)", analyst, c, c, false, List.of(), 100_001),
                new Case("d", "top-100 products by revenue (of 10,000)", analyst, d, d, false, List.of(), 101),
                new Case("e-json", "100,000-row result as JSON", analyst, e, e, false, List.of(), 100_001),
                new Case("e-csv", "100,000-row result as CSV", analyst, e, e, true, List.of(), 100_001));

        // (b): the explain endpoint answers for an admin, whom no restriction binds, so it is asked the same query
        // with the three countries as a filter; check in-process that this is the very statement the restricted
        // user's query becomes.
        EffectiveRestriction restricted = cubes.restriction("sales", false, List.of(Grants.parse(JSON.readTree(three))));
        String restrictedSql = cubes.explain("sales", JSON.readValue(a, CubeQuery.class), restricted).sql();
        String filteredSql = explain(b).path("sql").asText();
        if (!restrictedSql.equals(filteredSql)) {
            throw new IllegalStateException("(b) restricted SQL differs from the filtered one:\n" + restrictedSql + "\n" + filteredSql);
        }

        // The JIT: a running server has compiled its HTTP, auth and JSON paths long ago; so should this one.
        Case warm = cases.get(0);
        for (int i = 0; i < 2000; i++) {
            whoami(analyst);
            if (i % 10 == 0) {
                call(warm);
            }
        }

        System.out.printf(Locale.ROOT, "%n| case | Tessera HTTP (median ms) | direct DuckDB (median ms) | ratio of medians "
                + "| median of paired ratios | rows | answer size | server query+read (median ms) |%n|---|---|---|---|---|---|---|---|%n");
        List<String> sqls = new ArrayList<>();
        for (Case k : cases) {
            JsonNode explained = explain(k.explainBody());
            String sql = explained.path("sql").asText();
            List<Object> params = new ArrayList<>(k.filterValues());
            params.add((long) k.fetch());
            params.add(0L);
            if (explained.path("parameters").size() != params.size()) {
                throw new IllegalStateException(k.id() + ": explain lists " + explained.path("parameters") + ", binding " + params);
            }
            sqls.add("-- (" + k.id() + ") " + sql + "\n--   bound: " + params);
            Timing t = run(k, sql, params, direct, runs, warmup);
            System.out.printf(Locale.ROOT, "| (%s) %s | %.1f | %.1f | **%.2f** | %.2f | %,d | %s | %s |%n", k.id(), k.title(),
                    t.httpMs(), t.directMs(), t.httpMs() / t.directMs(), t.pairedRatio(), t.rows(), size(t.bytes()),
                    k.csv() ? "n/a" : String.format(Locale.ROOT, "%.1f", t.serverMs()));
        }
        double[] whoami = new double[runs * 5];
        for (int i = 0; i < whoami.length; i++) {
            long started = System.nanoTime();
            whoami(analyst);
            whoami[i] = (System.nanoTime() - started) / 1e6;
        }
        System.out.printf(Locale.ROOT, "%nGET /api/v1/whoami (auth, roles, restrictions, JSON; no engine): median %.2f ms of %d calls%n",
                median(whoami), whoami.length);
        System.out.println();
        System.out.println("SQL (from the explain endpoint):");
        sqls.forEach(System.out::println);
        direct.close();
    }

    private Timing run(Case k, String sql, List<Object> params, Connection direct, int runs, int warmup) throws Exception {
        // Same answer both ways before timing anything.
        long directRows = direct(direct, sql, params);
        long httpRows = rowsOf(k, call(k));
        long expectedRows = Math.min(directRows, k.fetch() - 1);
        if (httpRows != expectedRows) {
            throw new IllegalStateException(k.id() + ": HTTP returned " + httpRows + " rows, direct SQL " + directRows);
        }
        for (int i = 0; i < warmup; i++) {
            call(k);
            direct(direct, sql, params);
        }
        double[] httpMs = new double[runs];
        double[] directMs = new double[runs];
        double[] serverMs = new double[runs];
        double[] ratios = new double[runs];
        long bytes = 0;
        for (int i = 0; i < runs; i++) {
            // Alternate which goes first, so neither always runs on the other's warm caches. No System.gc() in
            // between: a full collection leaves both paths cold (it tripled the small cases' times), and a running
            // server collects garbage too.
            if (i % 2 == 1) {
                directMs[i] = timeDirect(direct, sql, params);
            }
            long started = System.nanoTime();
            HttpResponse<byte[]> response = call(k);
            httpMs[i] = (System.nanoTime() - started) / 1e6;
            bytes = response.body().length;
            serverMs[i] = k.csv() ? 0 : elapsedMs(response.body());
            if (i % 2 == 0) {
                directMs[i] = timeDirect(direct, sql, params);
            }
            ratios[i] = httpMs[i] / directMs[i];
        }
        return new Timing(median(httpMs), median(directMs), median(ratios), bytes, httpRows, median(serverMs));
    }

    /** stats.elapsedMs, read from the end of the answer without parsing 100,000 rows. */
    private static double elapsedMs(byte[] body) {
        int from = Math.max(0, body.length - 200);
        java.util.regex.Matcher m = ELAPSED.matcher(new String(body, from, body.length - from, StandardCharsets.UTF_8));
        if (!m.find()) {
            throw new IllegalStateException("no stats.elapsedMs at the end of the answer");
        }
        return Double.parseDouble(m.group(1));
    }

    private static double timeDirect(Connection direct, String sql, List<Object> params) throws Exception {
        long started = System.nanoTime();
        direct(direct, sql, params);
        return (System.nanoTime() - started) / 1e6;
    }

    /** Prepares, binds, executes and reads every cell, as any JDBC client of DuckDB would. */
    private static long direct(Connection connection, String sql, List<Object> params) throws Exception {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                Object v = params.get(i);
                if (v instanceof Long l) {
                    ps.setLong(i + 1, l);
                } else {
                    ps.setString(i + 1, v.toString());
                }
            }
            long rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                int width = rs.getMetaData().getColumnCount();
                Object sink = null;
                while (rs.next()) {
                    for (int c = 1; c <= width; c++) {
                        sink = rs.getObject(c);
                    }
                    rows++;
                }
                if (sink == DuckDbEngine.class) {
                    throw new AssertionError();
                }
            }
            return rows;
        }
    }

    private HttpResponse<byte[]> call(Case k) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/cubes/sales/query"))
                .header("Authorization", k.user()).header("Content-Type", "application/json")
                .header("Accept", k.csv() ? "text/csv" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(k.body())).build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(k.id() + ": HTTP " + response.statusCode() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response;
    }

    private static long rowsOf(Case k, HttpResponse<byte[]> response) throws Exception {
        if (k.csv()) {
            String text = new String(response.body(), StandardCharsets.UTF_8);
            return (long) text.split("\r\n", -1).length - 2; // header, and the empty string after the last CRLF
        }
        return JSON.readTree(response.body()).path("page").path("returned").asLong();
    }

    private JsonNode explain(String body) throws Exception {
        return JSON.readTree(send("POST", "/api/v1/cubes/sales/query/explain", body, adminAuth, 200));
    }

    private String send(String method, String path, String body, String auth, int expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private void whoami(String auth) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/whoami")).header("Authorization", auth).build();
        if (http.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode() != 200) {
            throw new IllegalStateException("whoami failed");
        }
    }

    private static <T> T managed(Class<T> type) {
        return environment.lifecycle().getManagedObjects().stream()
                .filter(JettyManaged.class::isInstance).map(m -> ((JettyManaged) m).getManaged())
                .filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("no managed " + type.getSimpleName()));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0)
                : String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
