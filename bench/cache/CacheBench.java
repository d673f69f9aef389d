import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A query's latency over HTTP as a cache miss, a cache hit and a 304 (see bench/cache/run.sh). In rounds, three
 * phases of SECONDS each on one server, one user in a closed loop: "miss" sends {@code Cache-Control: no-cache} (the
 * query runs on the engine), "hit" sends the plain request (answered from the result cache), "304" sends the
 * answer's ETag in {@code If-None-Match}. Latency is from sending to the last byte. Prints one Markdown row per
 * phase, then the ratios miss / hit and miss / 304.
 *
 * <p>Usage: java CacheBench.java ADMIN_PASSWORD SECONDS ROUNDS http://host:port
 */
public final class CacheBench {

    /** Orders and revenue by continent over every row: a full scan with a join. */
    static final String QUERY = "{\"measures\":[\"orders\",\"revenue\"],\"levels\":[\"geo.continent\"]}";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String admin;

    CacheBench(String base, String adminPassword) {
        this.base = base;
        this.admin = basic("admin", adminPassword);
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        CacheBench bench = new CacheBench(args[3], args[0]);
        String tag = bench.send("Cache-Control", "no-cache").headers().firstValue("ETag").orElseThrow();
        Map<String, String[]> phases = new LinkedHashMap<>();
        phases.put("miss (Cache-Control: no-cache)", new String[] {"Cache-Control", "no-cache"});
        phases.put("hit", new String[] {});
        phases.put("304 (If-None-Match)", new String[] {"If-None-Match", tag});
        Map<String, List<Double>> latencies = new LinkedHashMap<>();
        Map<String, Integer> unexpected = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, String[]> phase : phases.entrySet()) {
                System.err.printf("round %d: %s ...%n", round, phase.getKey());
                int expected = phase.getKey().startsWith("304") ? 304 : 200;
                long end = System.nanoTime() + seconds * 1_000_000_000L;
                while (System.nanoTime() < end) {
                    long started = System.nanoTime();
                    int status = bench.send(phase.getValue()).statusCode();
                    latencies.computeIfAbsent(phase.getKey(), k -> new ArrayList<>()).add((System.nanoTime() - started) / 1e6);
                    unexpected.merge(phase.getKey(), status == expected ? 0 : 1, Integer::sum);
                }
            }
        }
        System.out.println("| request | answers | unexpected status | p50 ms | p99 ms |");
        System.out.println("| --- | ---: | ---: | ---: | ---: |");
        Map<String, Double> p50 = new LinkedHashMap<>();
        latencies.forEach((name, all) -> {
            Collections.sort(all);
            p50.put(name, at(all, 0.50));
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %.2f | %.2f |%n", name, all.size(), unexpected.get(name),
                    at(all, 0.50), at(all, 0.99));
        });
        List<Double> p = new ArrayList<>(p50.values());
        System.out.printf(Locale.ROOT, "%nmiss / hit: p50 x%.1f; miss / 304: p50 x%.1f%n", p.get(0) / p.get(1), p.get(0) / p.get(2));
    }

    private HttpResponse<Void> send(String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/cubes/sales/query"))
                .header("Authorization", admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(QUERY));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    }

    private static double at(List<Double> sorted, double q) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
