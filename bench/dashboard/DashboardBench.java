import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replays a dashboard against several servers, one per phase (see bench/dashboard/run.sh): 20 typical tiles on the
 * sample cube, asked by USERS concurrent users in a closed loop (no think time), each user holding its own row-level
 * restriction, for SECONDS per phase and workload, in ROUNDS rounds so that every phase sees the same machine.
 *
 * <p>Workloads: "dashboard" (all 20 tiles, USERS users), "covered" (only the tiles an aggregate can answer, USERS
 * users) and "one user" (all 20 tiles, a single user: latency without queueing). Each user starts at a different
 * tile and goes round them in order. A phase whose name says "cache" is measured after each user has opened the
 * dashboard once (every tile once, all users at once, untimed: the misses that fill the cache). Latency is from
 * sending to the last byte of the answer; any answer but 200 is counted as an error (and the run fails).
 *
 * <p>At start it creates, on each server, through the admin API, the roles' restrictions and the 16 Basic users.
 *
 * <p>Usage: java DashboardBench.java ADMIN_PASSWORD SECONDS ROUNDS USERS phase=http://host:port ...
 */
public final class DashboardBench {

    record Tile(String name, boolean covered, String body) {}

    record User(String name, List<String> roles) {}

    record Key(String phase, String workload) {}

    /** Restrictions per role, Atoti's rule: same hierarchy unioned across roles, different hierarchies intersected. */
    static final Map<String, String> ROLES = new LinkedHashMap<>();

    static {
        ROLES.put("ROLE_FR", "{\"sales\":{\"geo.country\":[\"France\"]}}");
        ROLES.put("ROLE_DE", "{\"sales\":{\"geo.country\":[\"Germany\"]}}");
        ROLES.put("ROLE_EUROPE", "{\"sales\":{\"geo.continent\":[\"Europe\"]}}");
        ROLES.put("ROLE_ASIA", "{\"sales\":{\"geo.continent\":[\"Asia\"]}}");
        ROLES.put("ROLE_AMERICAS", "{\"sales\":{\"geo.continent\":[\"North America\",\"South America\"]}}");
        ROLES.put("ROLE_ELECTRONICS", "{\"sales\":{\"product.category\":[\"Laptops\",\"Phones\",\"Tablets\"]}}");
        ROLES.put("ROLE_HOME", "{\"sales\":{\"product.category\":[\"Kitchen\",\"Furniture\",\"Garden\"]}}");
    }

    /** 16 users, 15 different restrictions: two see everything (and so share cache entries), the rest one or two roles. */
    static final List<User> USERS = List.of(
            new User("dash01", List.of()), new User("dash02", List.of()),
            new User("dash03", List.of("ROLE_FR")), new User("dash04", List.of("ROLE_DE")),
            new User("dash05", List.of("ROLE_EUROPE")), new User("dash06", List.of("ROLE_ASIA")),
            new User("dash07", List.of("ROLE_AMERICAS")), new User("dash08", List.of("ROLE_ELECTRONICS")),
            new User("dash09", List.of("ROLE_HOME")), new User("dash10", List.of("ROLE_FR", "ROLE_ELECTRONICS")),
            new User("dash11", List.of("ROLE_EUROPE", "ROLE_HOME")), new User("dash12", List.of("ROLE_ASIA", "ROLE_ELECTRONICS")),
            new User("dash13", List.of("ROLE_FR", "ROLE_DE")), new User("dash14", List.of("ROLE_AMERICAS", "ROLE_ELECTRONICS")),
            new User("dash15", List.of("ROLE_ASIA", "ROLE_FR")), new User("dash16", List.of("ROLE_DE", "ROLE_HOME")));

    /**
     * The tiles. "covered" means an aggregate of run.sh's config holds every level the tile groups or filters by, and
     * the geo and product levels any user's restriction names, and no measure is a distinct count.
     */
    static final List<Tile> TILES = List.of(
            tile("revenue and orders by continent", true, "\"levels\":[\"geo.continent\"],\"measures\":[\"revenue\",\"orders\"]"),
            tile("revenue by category", true, "\"levels\":[\"product.category\"],\"measures\":[\"revenue\"]"),
            tile("revenue and quantity by year", true, "\"levels\":[\"time.year\"],\"measures\":[\"revenue\",\"quantity\"]"),
            tile("time series: revenue by month", true,
                    "\"levels\":[\"time.year\",\"time.month\"],\"measures\":[\"revenue\",\"orders\"]"),
            tile("orders by quarter", true, "\"levels\":[\"time.year\",\"time.quarter\"],\"measures\":[\"orders\"]"),
            tile("revenue by continent and year", true, "\"levels\":[\"geo.continent\",\"time.year\"],\"measures\":[\"revenue\"]"),
            tile("top 10 countries by revenue", true, "\"levels\":[\"geo.country\"],\"measures\":[\"revenue\"],"
                    + "\"order\":[{\"by\":\"revenue\",\"dir\":\"desc\"}],\"limit\":10"),
            tile("top 10 categories by orders", true, "\"levels\":[\"product.category\"],\"measures\":[\"orders\"],"
                    + "\"order\":[{\"by\":\"orders\",\"dir\":\"desc\"}],\"limit\":10"),
            tile("top 5 categories by average price", true, "\"levels\":[\"product.category\"],\"measures\":[\"avgPrice\"],"
                    + "\"order\":[{\"by\":\"avgPrice\",\"dir\":\"desc\"}],\"limit\":5"),
            tile("subtotals: continent > country", true, "\"levels\":[\"geo.continent\",\"geo.country\"],"
                    + "\"measures\":[\"revenue\",\"orders\"],\"totals\":{\"grand\":true,\"subtotals\":[\"geo.continent\"]}"),
            tile("subtotals: category x year", true, "\"levels\":[\"product.category\",\"time.year\"],"
                    + "\"measures\":[\"revenue\"],\"totals\":{\"grand\":true,\"subtotals\":[\"product.category\"]}"),
            tile("France: revenue by month", true, "\"levels\":[\"time.year\",\"time.month\"],\"measures\":[\"revenue\"],"
                    + "\"filters\":{\"level\":\"geo.country\",\"op\":\"eq\",\"value\":\"France\"}"),
            tile("Germany: revenue by category", true, "\"levels\":[\"product.category\"],\"measures\":[\"revenue\"],"
                    + "\"filters\":{\"level\":\"geo.country\",\"op\":\"eq\",\"value\":\"Germany\"}"),
            tile("Laptops: revenue by country", true, "\"levels\":[\"geo.country\"],\"measures\":[\"revenue\",\"quantity\"],"
                    + "\"filters\":{\"level\":\"product.category\",\"op\":\"eq\",\"value\":\"Laptops\"}"),
            tile("Phones and Tablets: orders by quarter", true, "\"levels\":[\"time.year\",\"time.quarter\"],"
                    + "\"measures\":[\"orders\"],\"filters\":{\"level\":\"product.category\",\"op\":\"in\","
                    + "\"values\":[\"Phones\",\"Tablets\"]}"),
            tile("Europe and Laptops: revenue by country", true, "\"levels\":[\"geo.country\"],\"measures\":[\"revenue\",\"orders\"],"
                    + "\"filters\":{\"and\":[{\"level\":\"geo.continent\",\"op\":\"eq\",\"value\":\"Europe\"},"
                    + "{\"level\":\"product.category\",\"op\":\"eq\",\"value\":\"Laptops\"}]}"),
            tile("revenue by segment and year", true, "\"levels\":[\"segment.segment\",\"time.year\"],"
                    + "\"measures\":[\"revenue\",\"avgPrice\"]"),
            tile("buyers (distinct) by continent", false, "\"levels\":[\"geo.continent\"],\"measures\":[\"buyers\"]"),
            tile("top 10 products by revenue", false, "\"levels\":[\"product.product\"],\"measures\":[\"revenue\"],"
                    + "\"order\":[{\"by\":\"revenue\",\"dir\":\"desc\"}],\"limit\":10"),
            tile("Japan: top 20 cities by revenue", false, "\"levels\":[\"geo.city\"],\"measures\":[\"revenue\"],"
                    + "\"filters\":{\"level\":\"geo.country\",\"op\":\"eq\",\"value\":\"Japan\"},"
                    + "\"order\":[{\"by\":\"revenue\",\"dir\":\"desc\"}],\"limit\":20"));

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<Key, List<Long>> latencies = new ConcurrentHashMap<>();
    private final Map<Key, Long> elapsed = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> perTile = new ConcurrentHashMap<>();
    private final AtomicInteger errors = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        String adminPassword = args[0];
        int seconds = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int users = Integer.parseInt(args[3]);
        Map<String, String> phases = new LinkedHashMap<>();
        for (String phase : Arrays.copyOfRange(args, 4, args.length)) {
            phases.put(phase.substring(0, phase.indexOf('=')), phase.substring(phase.indexOf('=') + 1));
        }
        DashboardBench bench = new DashboardBench();
        Map<String, Double> firstLoads = new LinkedHashMap<>();
        for (Map.Entry<String, String> phase : phases.entrySet()) {
            bench.setUp(phase.getKey(), phase.getValue(), adminPassword);
            System.err.printf("%s: warming up ...%n", phase.getKey());
            bench.run(phase.getValue(), null, "warm-up", TILES, users, 5);
            if (phase.getKey().contains("cache")) {
                // A cached dashboard's steady state: every user has opened it once (all misses, untimed but reported).
                System.err.printf("%s: each user opens the dashboard once ...%n", phase.getKey());
                firstLoads.put(phase.getKey(), bench.openOnce(phase.getValue(), users));
            }
        }
        Map<String, List<Tile>> workloads = new LinkedHashMap<>();
        workloads.put("dashboard, " + users + " users", TILES);
        workloads.put("covered tiles only, " + users + " users", TILES.stream().filter(Tile::covered).toList());
        workloads.put("dashboard, 1 user", TILES);
        List<String> order = new ArrayList<>(phases.keySet());
        for (int round = 1; round <= rounds; round++) {
            for (String phase : order) {
                for (Map.Entry<String, List<Tile>> workload : workloads.entrySet()) {
                    System.err.printf("round %d: %s, %s ...%n", round, phase, workload.getKey());
                    boolean alone = workload.getKey().endsWith(", 1 user");
                    bench.run(phases.get(phase), new Key(phase, workload.getKey()), phase, workload.getValue(), alone ? 1 : users,
                            seconds);
                }
            }
            java.util.Collections.rotate(order, 1); // no phase always first or last in a round
        }
        bench.report(new ArrayList<>(phases.keySet()), new ArrayList<>(workloads.keySet()));
        System.out.println();
        firstLoads.forEach((phase, s) -> System.out.printf(Locale.ROOT,
                "%s: %d users opening the dashboard once (%d queries that fill the cache, before the timed rounds): %.1f s%n",
                phase, users, users * TILES.size(), s));
        if (bench.errors.get() > 0) {
            System.err.println(bench.errors.get() + " answers were not 200; the figures above are not valid");
            System.exit(1);
        }
    }

    private static Tile tile(String name, boolean covered, String query) {
        return new Tile(name, covered, "{" + query + "}");
    }

    /**
     * Roles' restrictions and the users, created through the admin API as an administrator would; then waits until
     * every aggregate the server declares is built, and prints their sizes (a build without aggregates answers 404).
     */
    private void setUp(String phase, String base, String adminPassword) throws Exception {
        String admin = basic("admin", adminPassword);
        for (int i = 0; i < 300; i++) {
            HttpResponse<String> aggregates = send(base, "GET", "/api/v1/admin/aggregates", "", admin);
            if (aggregates.statusCode() == 404 || aggregates.statusCode() == 200 && !aggregates.body().contains("\"built\":false")) {
                if (aggregates.statusCode() == 200 && aggregates.body().length() > 2) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"name\":\"([^\"]+)\".*?\"rows\":(\\d+).*?"
                            + "\"buildMs\":(\\d+)").matcher(aggregates.body());
                    while (m.find()) {
                        System.out.printf("%s: aggregate %s, %s rows, built in %s ms%n", phase, m.group(1), m.group(2), m.group(3));
                    }
                }
                break;
            }
            Thread.sleep(1000);
        }
        printRoutes(phase, base, admin);
        for (Map.Entry<String, String> role : ROLES.entrySet()) {
            expect(send(base, "PUT", "/api/v1/admin/restrictions/" + role.getKey(), role.getValue(), admin), 200);
        }
        for (User user : USERS) {
            List<String> roles = new ArrayList<>(user.roles());
            roles.add(0, "ROLE_USER");
            String body = "{\"username\":\"" + user.name() + "\",\"password\":\"" + password(user) + "\",\"roles\":["
                    + String.join(",", roles.stream().map(r -> "\"" + r + "\"").toList()) + "]}";
            expect(send(base, "POST", "/api/v1/admin/basic-users", body, admin), 201);
        }
    }

    /**
     * Where each tile is answered from, as explain says for the administrator (no restriction), on a server that has
     * aggregates; warns when that disagrees with the tile's "covered" mark, which would make the covered workload wrong.
     */
    private void printRoutes(String phase, String base, String admin) throws Exception {
        java.util.regex.Pattern from = java.util.regex.Pattern.compile("\"answeredFrom\":(null|\"[^\"]*\")");
        for (Tile tile : TILES) {
            HttpResponse<String> r = send(base, "POST", "/api/v1/cubes/sales/query/explain", tile.body(), admin);
            expect(r, 200);
            java.util.regex.Matcher m = from.matcher(r.body());
            if (!m.find()) {
                return; // a build without aggregates
            }
            boolean aggregate = !m.group(1).equals("null");
            System.out.printf("%s: %s answered from %s%s%n", phase, tile.name(), aggregate ? m.group(1) : "the facts",
                    aggregate == tile.covered() ? "" : " (NOT as this driver marks it)");
        }
    }

    /** Every user asks every tile once, all users at once; answers the seconds it took. */
    private double openOnce(String base, int users) throws Exception {
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            User user = USERS.get(u % USERS.size());
            int first = u * TILES.size() / users;
            Thread thread = new Thread(() -> {
                List<Tile> once = new ArrayList<>(TILES.subList(first, TILES.size()));
                once.addAll(TILES.subList(0, first));
                loop(base, user, once, 0, Long.MAX_VALUE, new ArrayList<>(), null, once.size());
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** Runs {@code users} closed loops for {@code seconds}; records latencies under {@code key} (null: warm-up). */
    private void run(String base, Key key, String phase, List<Tile> tiles, int users, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        List<List<Long>> recorded = new ArrayList<>();
        long started = System.nanoTime();
        for (int u = 0; u < users; u++) {
            User user = USERS.get(u % USERS.size());
            List<Long> mine = new ArrayList<>();
            recorded.add(mine);
            int first = u * tiles.size() / Math.max(users, 1);
            String perTileUnder = key != null && users == 1 ? phase : null;
            Thread thread = new Thread(() -> loop(base, user, tiles, first, end, mine, perTileUnder, Integer.MAX_VALUE));
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (key != null) {
            long took = System.nanoTime() - started;
            List<Long> all = latencies.computeIfAbsent(key, k -> new ArrayList<>());
            recorded.forEach(all::addAll);
            elapsed.merge(key, took, Long::sum);
        }
    }

    /** One user's closed loop, until {@code end} or {@code max} answers; with {@code phase} set, latencies per tile too. */
    private void loop(String base, User user, List<Tile> tiles, int first, long end, List<Long> out, String phase, int max) {
        String auth = basic(user.name(), password(user));
        for (int i = first, asked = 0; asked < max && System.nanoTime() < end; i++, asked++) {
            Tile tile = tiles.get(i % tiles.size());
            long start = System.nanoTime();
            try {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/cubes/sales/query"))
                        .header("Authorization", auth).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(tile.body())).build(), HttpResponse.BodyHandlers.ofByteArray());
                long took = System.nanoTime() - start;
                if (r.statusCode() != 200) {
                    if (errors.getAndIncrement() < 5) {
                        System.err.println(user.name() + " " + tile.name() + ": " + r.statusCode() + " "
                                + new String(r.body(), StandardCharsets.UTF_8));
                    }
                    continue;
                }
                out.add(took);
                if (phase != null) {
                    perTile.computeIfAbsent(phase + "\u0000" + tile.name(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                            .add(took);
                }
            } catch (Exception e) {
                errors.incrementAndGet();
                System.err.println(user.name() + " " + tile.name() + ": " + e);
            }
        }
    }

    private void report(List<String> phases, List<String> workloads) {
        String base = phases.get(0);
        for (String workload : workloads) {
            System.out.println();
            System.out.println("**" + workload + "**");
            System.out.println();
            System.out.println("| phase | answers | answers/s | p50 ms | p99 ms | throughput vs " + base
                    + " | p99 gain (" + base + " p99 / this p99) |");
            System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
            Key first = new Key(base, workload);
            double baseRate = rate(first);
            double baseP99 = percentile(latencies.get(first), 0.99);
            for (String phase : phases) {
                Key key = new Key(phase, workload);
                List<Long> all = latencies.get(key);
                double p99 = percentile(all, 0.99);
                System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.2f | %.1f | %.1fx | %.1fx |%n", phase, all.size(), rate(key),
                        percentile(all, 0.5), p99, rate(key) / baseRate, baseP99 / p99);
            }
        }
        System.out.println();
        System.out.println("**p50 ms per tile, one user** (covered: an aggregate of run.sh's config can answer it)");
        System.out.println();
        System.out.println("| tile | covered | " + String.join(" | ", phases) + " |");
        System.out.println("|" + " --- |".repeat(phases.size() + 2));
        for (Tile tile : TILES) {
            StringBuilder row = new StringBuilder("| " + tile.name() + " | " + (tile.covered() ? "yes" : "no") + " |");
            for (String phase : phases) {
                List<Long> one = perTile.get(phase + "\u0000" + tile.name());
                row.append(one == null ? " - |" : String.format(Locale.ROOT, " %.2f |", percentile(one, 0.5)));
            }
            System.out.println(row);
        }
    }

    private double rate(Key key) {
        return latencies.get(key).size() / (elapsed.get(key) / 1e9);
    }

    private static double percentile(List<Long> values, double p) {
        if (values == null || values.isEmpty()) {
            return Double.NaN;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    private HttpResponse<String> send(String base, String method, String path, String body, String auth) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri() + ": " + r.statusCode() + " " + r.body());
        }
    }

    private static String password(User user) {
        return user.name() + "-bench-password";
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
