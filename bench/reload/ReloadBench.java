import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Query latency with and without reloads running (see bench/reload/run.sh). In rounds, two phases of SECONDS each
 * on one server: CLIENTS users query in a closed loop with nothing else running ("quiet"), then the same while an
 * admin reloads the engine's data back to back ("reloading"). Latency is from sending to the last byte. Prints one
 * Markdown row per phase, then the ratios reloading / quiet.
 *
 * <p>Usage: java ReloadBench.java ADMIN_PASSWORD SECONDS ROUNDS CLIENTS http://host:port
 */
public final class ReloadBench {

    /** Orders and revenue by continent over every row: a full scan with a join, tens of milliseconds. */
    static final String QUERY = "{\"measures\":[\"orders\",\"revenue\"],\"levels\":[\"geo.continent\"]}";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String admin;

    ReloadBench(String base, String adminPassword) {
        this.base = base;
        this.admin = basic("admin", adminPassword);
    }

    record Phase(List<Double> latencies, Map<Integer, Integer> statuses, int reloads, Map<Integer, Integer> reloadStatuses) {}

    public static void main(String[] args) throws Exception {
        String adminPassword = args[0];
        int seconds = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int clients = Integer.parseInt(args[3]);
        ReloadBench bench = new ReloadBench(args[4], adminPassword);
        Map<String, List<Phase>> phases = new TreeMap<>(Collections.reverseOrder());
        for (int round = 1; round <= rounds; round++) {
            for (boolean reloading : new boolean[] {false, true}) {
                String name = reloading ? "reloading" : "quiet";
                System.err.printf("round %d: %s ...%n", round, name);
                phases.computeIfAbsent(name, n -> new ArrayList<>()).add(bench.phase(seconds, clients, reloading));
            }
        }
        System.out.println("| phase | queries | failed | p50 ms | p99 ms | reloads (failed) |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        Map<String, double[]> percentiles = new TreeMap<>();
        phases.forEach((name, list) -> {
            List<Double> all = new ArrayList<>();
            Map<Integer, Integer> statuses = new TreeMap<>();
            Map<Integer, Integer> reloadStatuses = new TreeMap<>();
            int reloads = 0;
            for (Phase p : list) {
                all.addAll(p.latencies());
                p.statuses().forEach((s, n) -> statuses.merge(s, n, Integer::sum));
                p.reloadStatuses().forEach((s, n) -> reloadStatuses.merge(s, n, Integer::sum));
                reloads += p.reloads();
            }
            Collections.sort(all);
            double p50 = at(all, 0.50);
            double p99 = at(all, 0.99);
            percentiles.put(name, new double[] {p50, p99});
            int failed = statuses.entrySet().stream().filter(e -> e.getKey() != 200).mapToInt(Map.Entry::getValue).sum();
            int failedReloads = reloadStatuses.entrySet().stream().filter(e -> e.getKey() != 200)
                    .mapToInt(Map.Entry::getValue).sum();
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %d (%d) |%n", name, all.size(), failed, p50, p99,
                    reloads, failedReloads);
        });
        double[] quiet = percentiles.get("quiet");
        double[] loaded = percentiles.get("reloading");
        System.out.printf(Locale.ROOT, "%nreloading / quiet: p50 x%.2f, p99 x%.2f%n", loaded[0] / quiet[0], loaded[1] / quiet[1]);
    }

    Phase phase(int seconds, int clients, boolean reloading) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        Map<Integer, Integer> reloadStatuses = new ConcurrentHashMap<>();
        AtomicInteger reloads = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(started(() -> {
                while (System.nanoTime() < end) {
                    long started = System.nanoTime();
                    int status = send("POST", "/api/v1/cubes/sales/query", QUERY);
                    latencies.add((System.nanoTime() - started) / 1e6);
                    statuses.merge(status, 1, Integer::sum);
                }
            }));
        }
        Thread reloader = !reloading ? null : started(() -> {
            while (running.get()) {
                reloadStatuses.merge(send("POST", "/api/v1/admin/engines/default/reload", null), 1, Integer::sum);
                reloads.incrementAndGet();
            }
        });
        for (Thread t : threads) {
            t.join();
        }
        running.set(false);
        if (reloader != null) {
            reloader.join();
        }
        return new Phase(latencies, statuses, reloads.get(), reloadStatuses);
    }

    private static Thread started(Runnable work) {
        Thread thread = new Thread(work);
        thread.start();
        return thread;
    }

    private int send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", admin)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static double at(List<Double> sorted, double q) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
