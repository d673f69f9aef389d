import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One user floods the engine, another asks small questions (see bench/fairness/run.sh). Against each app given, in
 * rounds: user B's small query alone, then the same while user A keeps FLOOD slow queries in flight (a new one as
 * soon as one ends, as a client retrying would). B's latency is measured from sending to the last byte; B waits
 * PAUSE between queries, as a person would. Prints one Markdown row per app and phase.
 *
 * <p>Usage: java FairnessBench.java ADMIN_PASSWORD SECONDS ROUNDS FLOOD name=http://host:port ...
 * (the environment's BENCH_SLOW, a query's JSON, replaces A's slow query)
 */
public final class FairnessBench {

    /** Distinct customers by country and category: about 4 s alone on the 10M sample and 2 shared cores. */
    static final String SLOW = System.getenv().getOrDefault("BENCH_SLOW",
            "{\"measures\":[\"buyers\",\"revenue\"],\"levels\":[\"geo.country\",\"product.category\"],\"limit\":10}");
    /** Orders and revenue by continent on one day: tens of milliseconds alone. */
    static final String SMALL = "{\"measures\":[\"orders\",\"revenue\"],\"levels\":[\"geo.continent\"],"
            + "\"filters\":{\"level\":\"time.date\",\"op\":\"eq\",\"value\":\"2023-06-01\"}}";
    static final Duration PAUSE = Duration.ofMillis(200);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    record Result(String app, String phase, List<Double> latencies, Map<Integer, Integer> statuses,
                  Map<Integer, Integer> floodStatuses) {}

    public static void main(String[] args) throws Exception {
        String adminPassword = args[0];
        int seconds = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int flood = Integer.parseInt(args[3]);
        Map<String, String> apps = new java.util.LinkedHashMap<>();
        for (int i = 4; i < args.length; i++) {
            String[] nameUrl = args[i].split("=", 2);
            apps.put(nameUrl[0], nameUrl[1]);
        }
        FairnessBench bench = new FairnessBench();
        for (String base : apps.values()) {
            bench.prepare(base, adminPassword);
        }
        Map<String, Result> merged = new java.util.LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, String> app : apps.entrySet()) {
                System.err.printf("round %d, %s: B alone ...%n", round, app.getKey());
                merge(merged, bench.phase(app.getKey(), app.getValue(), "B alone", seconds / 3, 0));
                System.err.printf("round %d, %s: B beside A's flood of %d ...%n", round, app.getKey(), flood);
                merge(merged, bench.phase(app.getKey(), app.getValue(), "B while A floods", seconds, flood));
            }
        }
        System.out.println("| app | phase | B's queries | B median (ms) | B p95 (ms) | B max (ms) | B's answers | A's answers |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | --- | --- |");
        for (Result r : merged.values()) {
            List<Double> sorted = new ArrayList<>(r.latencies());
            Collections.sort(sorted);
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f | %.0f | %s | %s |%n", r.app(), r.phase(), sorted.size(),
                    percentile(sorted, 0.5), percentile(sorted, 0.95), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1),
                    statuses(r.statuses()), r.floodStatuses().isEmpty() ? "–" : statuses(r.floodStatuses()));
        }
    }

    private static void merge(Map<String, Result> merged, Result r) {
        Result before = merged.get(r.app() + r.phase());
        if (before == null) {
            merged.put(r.app() + r.phase(), r);
            return;
        }
        before.latencies().addAll(r.latencies());
        r.statuses().forEach((k, v) -> before.statuses().merge(k, v, Integer::sum));
        r.floodStatuses().forEach((k, v) -> before.floodStatuses().merge(k, v, Integer::sum));
    }

    /** Creates user A (flooder) and B (bystander) with ROLE_USER, and warms both paths up. */
    private void prepare(String base, String adminPassword) throws Exception {
        String admin = basic("admin", adminPassword);
        for (String user : List.of("flooder", "bystander")) {
            HttpResponse<String> created = send(base, admin, "POST", "/api/v1/admin/basic-users",
                    "{\"username\":\"" + user + "\",\"password\":\"" + user + "-password-1\",\"roles\":[\"ROLE_USER\"]}");
            if (created.statusCode() != 201 && created.statusCode() != 409) {
                throw new IllegalStateException(base + ": creating " + user + ": " + created.statusCode() + " " + created.body());
            }
        }
        for (int i = 0; i < 20; i++) {
            check(send(base, auth("bystander"), "POST", "/api/v1/cubes/sales/query", SMALL));
        }
        check(send(base, auth("flooder"), "POST", "/api/v1/cubes/sales/query", SLOW));
    }

    private Result phase(String app, String base, String phase, int seconds, int flood) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Map<Integer, Integer> floodStatuses = new ConcurrentHashMap<>();
        List<Thread> flooders = new ArrayList<>();
        for (int i = 0; i < flood; i++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    int status = send(base, auth("flooder"), "POST", "/api/v1/cubes/sales/query", SLOW).statusCode();
                    floodStatuses.merge(status, 1, Integer::sum);
                }
            });
            t.start();
            flooders.add(t);
        }
        if (flood > 0) {
            Thread.sleep(2_000); // the flood is in the engine before B asks anything
        }
        List<Double> latencies = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            long started = System.nanoTime();
            HttpResponse<String> answer = send(base, auth("bystander"), "POST", "/api/v1/cubes/sales/query", SMALL);
            latencies.add((System.nanoTime() - started) / 1e6);
            statuses.merge(answer.statusCode(), 1, Integer::sum);
            Thread.sleep(PAUSE.toMillis());
        }
        stop.set(true);
        for (Thread t : flooders) {
            t.join(); // the flood's last queries finish (or time out) before the next phase starts
        }
        return new Result(app, phase, latencies, statuses, new TreeMap<>(floodStatuses));
    }

    private static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String statuses(Map<Integer, Integer> counts) {
        StringBuilder sb = new StringBuilder();
        counts.forEach((status, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(n).append("× ").append(status));
        return sb.toString();
    }

    private static void check(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("warm-up query answered " + response.statusCode() + ": " + response.body());
        }
    }

    private HttpResponse<String> send(String base, String authorization, String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(base + path + ": " + e, e);
        }
    }

    private static String auth(String user) {
        return basic(user, user + "-password-1");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
