import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.server.TesseraApplication;
import dev.tessera.server.TesseraConfiguration;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.ServerLifecycleListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.server.Server;

/**
 * The cost of rank, share and top over the plain query they extend, through Tessera's HTTP API, in one JVM (see
 * bench/ranking/run.sh). For each case the plain query and the same query with its calculations or top are called
 * alternately (result cache off), so both see the same machine; prints both medians, the ratio of medians and the
 * median of the paired ratios as a Markdown table, then the SQL of each case from the explain endpoint.
 *
 * <p>Usage: java -cp tessera.jar:classes RankingBench CONFIG ADMIN_PASSWORD RUNS WARMUP
 */
public final class RankingBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile int port;

    /** The real application, in this process. */
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
        }
    }

    record Case(String id, String title, String plain, String analytic) {}

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base = "http://localhost:" + port;
    private final String admin;

    private RankingBench(String adminPassword) {
        this.admin = basic("admin", adminPassword);
    }

    public static void main(String[] args) throws Exception {
        new InProcess().run("server", args[0]);
        if (port == 0) {
            throw new IllegalStateException("the application did not start; see the log above");
        }
        int status = 0;
        try {
            new RankingBench(args[1]).measure(Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status); // Jetty's threads would keep the JVM alive
    }

    private void measure(int runs, int warmup) throws Exception {
        String base3 = "\"levels\":[\"geo.country\",\"geo.city\",\"product.category\"],\"measures\":[\"revenue\",\"orders\"],"
                + "\"limit\":100000";
        String plain = "{" + base3 + "}";
        List<Case> cases = List.of(
                new Case("rank", "rank of each city and category by revenue within its country", plain, "{" + base3
                        + ",\"calculations\":[{\"name\":\"r\",\"type\":\"rank\",\"measure\":\"revenue\",\"within\":\"geo.country\"}]}"),
                new Case("share", "share of the grand total and of the parent (city in country, per category)", plain, "{" + base3
                        + ",\"calculations\":[{\"name\":\"s\",\"type\":\"share\",\"measure\":\"revenue\"},"
                        + "{\"name\":\"p\",\"type\":\"share\",\"measure\":\"revenue\",\"of\":\"parent\"}]}"),
                new Case("top", "top 5 cities-and-categories per country by revenue, with others", plain, "{" + base3
                        + ",\"top\":{\"n\":5,\"by\":\"revenue\",\"within\":\"geo.country\",\"others\":true}}"),
                new Case("top-products", "top 100 products by revenue (of 10,000): top vs order + limit", "{\"levels\":"
                        + "[\"product.product\"],\"measures\":[\"revenue\"],\"order\":[{\"by\":\"revenue\",\"dir\":\"desc\"}],"
                        + "\"limit\":100}", "{\"levels\":[\"product.product\"],\"measures\":[\"revenue\"],"
                        + "\"top\":{\"n\":100,\"by\":\"revenue\"}}"));

        System.out.printf(Locale.ROOT, "%n| case | plain (median ms) | with it (median ms) | ratio of medians | median of paired ratios "
                + "| rows plain / with it |%n|---|---|---|---|---|---|%n");
        // Every answer is whole except the plain side of top-products, which is order + limit 100 on purpose.
        for (Case k : cases) {
            long plainRows = rows(call(k.plain()));
            long analyticRows = rows(call(k.analytic()));
            for (int i = 0; i < warmup; i++) {
                call(k.plain());
                call(k.analytic());
            }
            double[] plainMs = new double[runs];
            double[] analyticMs = new double[runs];
            double[] ratios = new double[runs];
            for (int i = 0; i < runs; i++) {
                plainMs[i] = timed(k.plain());
                analyticMs[i] = timed(k.analytic());
                ratios[i] = analyticMs[i] / plainMs[i];
            }
            System.out.printf(Locale.ROOT, "| (%s) %s | %.1f | %.1f | **%.2f** | %.2f | %,d / %,d |%n", k.id(), k.title(),
                    median(plainMs), median(analyticMs), median(analyticMs) / median(plainMs), median(ratios), plainRows,
                    analyticRows);
        }
        System.out.println();
        System.out.println("SQL (from the explain endpoint):");
        for (Case k : cases) {
            System.out.println("-- (" + k.id() + ") " + explain(k.analytic()));
        }
    }

    private double timed(String body) throws Exception {
        long started = System.nanoTime();
        call(body);
        return (System.nanoTime() - started) / 1e6;
    }

    private JsonNode call(String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/cubes/sales/query"))
                .header("Authorization", admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(r.statusCode() + " for " + body + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private String explain(String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/cubes/sales/query/explain"))
                .header("Authorization", admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("sql").asText();
    }

    private static long rows(JsonNode answer) {
        return answer.path("rows").size();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
