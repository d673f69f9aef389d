package dev.tessera.server.replicas;

import static dev.tessera.server.testing.TestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.server.testing.TesseraProcess;
import dev.tessera.server.testing.TestClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two replicas on one PostgreSQL store behind Debian's nginx (round robin, no sticky sessions), all on loopback,
 * all started here. A session works on either replica; a change on one is seen on the other within a second
 * (their role cache lives 60 s here, so only the notification can explain it); a lockout counts on both; and a
 * rolling restart under load fails no request.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {

    private static final String ADMIN = basic("admin", "admin-password-1");
    private static final String QUERY = "{\"levels\":[\"geo.region\"],\"measures\":[\"orders\",\"units\"]}";
    private static final int A = 0;
    private static final int B = 1;

    private static ReplicaCluster cluster;
    private static TestClient nginx;

    @BeforeAll
    static void startCluster() throws Exception {
        Path root = Files.createDirectories(Path.of("target", "replicas-it").toAbsolutePath());
        cluster = new ReplicaCluster(root);
        nginx = cluster.viaNginx();
        for (String user : List.of("carol", "dave", "erin", "loader")) {
            HttpResponse<String> created = cluster.direct(A).as(ADMIN, "POST", "/api/v1/admin/basic-users",
                    "{\"username\":\"" + user + "\",\"password\":\"" + password(user) + "\",\"roles\":[\"ROLE_USER\"]}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aSessionSignedInThroughTheFormWorksOnEitherReplica() {
        HttpResponse<String> login = signIn(nginx, "carol");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
        String cookie = cookieOf(login);
        String signedInOn = login.headers().firstValue("X-Tessera-Upstream").orElseThrow();
        int other = signedInOn.equals(cluster.address(A)) ? B : A;

        HttpResponse<String> elsewhere = cluster.direct(other).get("/api/v1/whoami", "Cookie", cookie);
        assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(200);
        assertThat(elsewhere.body()).contains("\"carol\"");
        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> whoami = nginx.get("/api/v1/whoami", "Cookie", cookie);
            assertThat(whoami.statusCode()).as(whoami.body()).isEqualTo(200);
            servedBy.add(whoami.headers().firstValue("X-Tessera-Upstream").orElseThrow());
        }
        assertThat(servedBy).as("nginx spread the session's requests over both replicas")
                .containsExactlyInAnyOrder(cluster.address(A), cluster.address(B));
    }

    @Test
    @Order(2)
    void aRevokeOnOneReplicaIsSeenOnTheOtherWithinASecond() throws Exception {
        // A session, not Basic: a change to dave also forgets his cached password check, and the first request
        // after it would time the deliberately slow password hash rather than the notification.
        String dave = cookieOf(signIn(nginx, "dave"));
        List<Long> millis = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            int writer = round % 2 == 0 ? A : B;
            int reader = 1 - writer;
            TestClient admin = cluster.direct(writer);
            assertThat(admin.as(ADMIN, "PUT", "/api/v1/admin/users/dave/roles/ROLE_ADMIN", null).statusCode()).isEqualTo(200);
            millis.add(millisUntil(cluster.direct(reader), dave, 200));
            assertThat(admin.as(ADMIN, "DELETE", "/api/v1/admin/users/dave/roles/ROLE_ADMIN", null).statusCode()).isEqualTo(204);
            millis.add(millisUntil(cluster.direct(reader), dave, 403));
        }
        List<Long> sorted = millis.stream().sorted().toList();
        System.out.printf("ReplicasIT change-to-effect on the other replica over %d grants and revokes: min %d ms,"
                        + " median %d ms, p90 %d ms, max %d ms%n", sorted.size(), sorted.get(0),
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() * 9 / 10), sorted.get(sorted.size() - 1));
        assertThat(sorted.get(sorted.size() - 1)).as("slowest change to reach the other replica, ms").isLessThan(1000);
    }

    @Test
    @Order(3)
    void endingSessionsOnOneReplicaEndsThemOnTheOtherWithinASecond() throws Exception {
        HttpResponse<String> login = signIn(cluster.direct(A), "carol");
        String cookie = cookieOf(login);
        assertThat(cluster.direct(B).get("/api/v1/whoami", "Cookie", cookie).statusCode()).isEqualTo(200);
        assertThat(cluster.direct(A).as(ADMIN, "DELETE", "/api/v1/admin/users/carol/sessions", null).statusCode())
                .isEqualTo(204);
        long start = System.nanoTime();
        while (cluster.direct(B).get("/api/v1/whoami", "Cookie", cookie).statusCode() == 200) {
            assertThat(System.nanoTime() - start).as("session still works on B").isLessThan(TimeUnit.SECONDS.toNanos(1));
            Thread.sleep(2);
        }
        System.out.printf("ReplicasIT sessions ended on A, refused on B after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    @Test
    @Order(4)
    void aGrantMadeWithTheCliOnTheSharedStoreReachesBothRunningReplicas() throws Exception {
        String dave = cookieOf(signIn(nginx, "dave"));
        for (int replica : List.of(A, B)) { // both hold dave's roles in their cache, for 60 s
            assertThat(cluster.direct(replica).get("/api/v1/whoami", "Cookie", dave).body()).doesNotContain("ROLE_CLI");
        }
        Path directory = cluster.directory(A);
        TesseraProcess.Result granted = TesseraProcess.run(directory, "", "roles", "grant", "dave", "ROLE_CLI", "-c",
                directory.resolve("config.yml").toString());
        assertThat(granted.exitCode()).as(granted.output()).isZero();
        long start = System.nanoTime();
        for (int replica : List.of(A, B)) {
            while (!cluster.direct(replica).get("/api/v1/whoami", "Cookie", dave).body().contains("ROLE_CLI")) {
                assertThat(System.nanoTime() - start).as("the CLI's grant seen on replica " + replica)
                        .isLessThan(TimeUnit.SECONDS.toNanos(1));
                Thread.sleep(2);
            }
        }
    }

    @Test
    @Order(5)
    void fiveWrongPasswordsSpreadOverBothReplicasLockTheAccountOnBoth() {
        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> wrong = nginx.get("/api/v1/whoami", "Authorization", basic(i % 2 == 0 ? "erin" : "ERIN", "wrong"));
            assertThat(wrong.statusCode()).isEqualTo(401);
            servedBy.add(wrong.headers().firstValue("X-Tessera-Upstream").orElseThrow());
        }
        assertThat(servedBy).containsExactlyInAnyOrder(cluster.address(A), cluster.address(B));
        for (int replica : List.of(A, B)) {
            HttpResponse<String> right = cluster.direct(replica).get("/api/v1/whoami", "Authorization",
                    basic("erin", password("erin")));
            assertThat(right.statusCode()).as("the right password on replica " + replica).isEqualTo(401);
            assertThat(right.body()).contains("too many failed attempts");
        }
    }

    @Test
    @Order(6)
    void refusedLoginsAreAuditedWithTheAddressNginxSawNotOneTheClientWrote() throws Exception {
        // From 127.0.0.2, a loopback address that is not nginx's (127.0.0.1, the replicas' one trusted proxy), with
        // a header of its own that claims another address: nginx appends the real one, and only that one counts.
        for (int i = 0; i < 6; i++) {
            assertThat(statusFromOtherAddress(cluster.viaNginx(), basic("mallory", "guess-" + i), "203.0.113.9"))
                    .isEqualTo(401);
        }
        // Straight to a replica, the same header is not believed: 127.0.0.2 is no trusted proxy.
        assertThat(statusFromOtherAddress(cluster.direct(A), basic("mallory", "direct"), "203.0.113.9")).isEqualTo(401);
        cluster.direct(B).as(ADMIN, "GET", "/api/v1/admin/audit?action=login.refused", null); // writes B's held rows
        HttpResponse<String> audit = cluster.direct(A).as(ADMIN, "GET", "/api/v1/admin/audit?action=login.refused", null);
        assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
        List<String> details = new ArrayList<>();
        new ObjectMapper().readTree(audit.body()).forEach(entry -> {
            if (entry.get("target").asText().equals("mallory")) {
                details.add(entry.get("detail").asText());
            }
        });
        assertThat(details).as("mallory's refused logins").hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(detail -> assertThat(detail).matches("(from 127\\.0\\.0\\.2: |.* for 'mallory' from 127\\.0\\.0\\.2 in ).*")
                        .doesNotContain("203.0.113.9"));
    }

    @Test
    @Order(7)
    void theAdminHealthCheckCoversStoreEngineProvidersAndTheChangeFeed() {
        HttpResponse<String> health = adminClient(A).get("/healthcheck");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        for (String check : List.of("roleStore", "engine.duckdb", "provider.basic", "changeNotifications")) {
            assertThat(health.body()).as("health checks").contains("\"" + check + "\"");
        }
        assertThat(health.body()).doesNotContain("\"degraded\"", "\"down\"");
    }

    @Test
    @Order(8)
    void aLostNotificationConnectionIsReportedAndReconnectsAndChangesFlowAgain() throws Exception {
        try (Connection db = DriverManager.getConnection(ReplicaCluster.URL, "tessera", "tessera");
             Statement statement = db.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = 'tessera change listener'");
        }
        long start = System.nanoTime();
        boolean sawDegraded = false;
        while (!cluster.replica(A).output().contains("Lost the role store's change notifications")
                || !cluster.replica(B).output().contains("Lost the role store's change notifications")) {
            sawDegraded |= adminClient(A).get("/healthcheck").body().contains("\"degraded\"");
            assertThat(System.nanoTime() - start).as("replicas noticed the lost connection").isLessThan(TimeUnit.SECONDS.toNanos(10));
            Thread.sleep(10);
        }
        while (adminClient(A).get("/healthcheck").body().contains("\"degraded\"")
                || adminClient(B).get("/healthcheck").body().contains("\"degraded\"")) {
            sawDegraded = true;
            assertThat(System.nanoTime() - start).as("replicas listening again").isLessThan(TimeUnit.SECONDS.toNanos(10));
            Thread.sleep(10);
        }
        System.out.printf("ReplicasIT notification connections killed: degraded seen on the health check: %s; listening"
                + " again after %d ms%n", sawDegraded, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        String dave = cookieOf(signIn(nginx, "dave"));
        assertThat(cluster.direct(A).as(ADMIN, "PUT", "/api/v1/admin/users/dave/roles/ROLE_ADMIN", null).statusCode()).isEqualTo(200);
        assertThat(millisUntil(cluster.direct(B), dave, 200)).isLessThan(1000);
    }

    @Test
    @Order(9)
    void aRollingRestartUnderLoadFailsNoRequest() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger requests = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> load = List.of(
                started(() -> loop(running, requests, failures, ReplicasIT::queryOnce)),
                started(() -> loop(running, requests, failures, ReplicasIT::signInAndAskOnce)),
                started(() -> loop(running, requests, failures, ReplicasIT::listCubesOnce)));
        Thread.sleep(500);
        for (int replica : List.of(A, B)) {
            long start = System.nanoTime();
            cluster.stop(replica);
            long stopped = System.nanoTime();
            Thread.sleep(300); // requests meanwhile all go to the other one
            cluster.start(replica);
            System.out.printf("ReplicasIT replica %d stopped in %d ms, back in %d ms, %d requests so far%n", replica,
                    TimeUnit.NANOSECONDS.toMillis(stopped - start), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped),
                    requests.get());
            Thread.sleep(500);
        }
        running.set(false);
        for (Thread thread : load) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        System.out.printf("ReplicasIT rolling restart: %d requests, %d failed%n", requests.get(), failures.size());
        assertThat(failures).as("failed requests during the rolling restart (first: " + failures.stream().limit(5).toList()
                + "); nginx: " + cluster.nginxLog()).isEmpty();
        assertThat(requests.get()).isGreaterThan(100);
        // nginx retries even a request cut mid-way (non_idempotent), so zero failures alone would not show that a
        // stopping replica finished what it had; its log would: nothing cut while answering, reset or timed out.
        // Allowed: a connection closed or reset "while reading response header", the keep-alive race every HTTP
        // server has when it closes an idle connection just as the proxy sends on it (Jetty's graceful stop closes
        // idle connections and finishes running requests); no answer was begun, and nginx sends the request to the
        // other replica. An answer cut once begun says "while reading upstream".
        assertThat(cluster.nginxLog()).as("requests a stopping replica cut short")
                .doesNotContain("while reading upstream", "upstream timed out");
    }

    @Test
    @Order(10)
    void aStoppingReplicaFinishesItsRunningQueryWhileNginxSendsNewRequestsToTheOtherAndWritesEveryHeldAuditEntry()
            throws Exception {
        String loader = basic("loader", password("loader"));
        String longQuery = spinQuery(valuesForMillis(4000));
        CompletableFuture<HttpResponse<String>> running = CompletableFuture.supplyAsync(
                () -> cluster.direct(A).as(loader, "POST", "/api/v1/cubes/spin/query", longQuery));
        Thread.sleep(500);
        List<CompletableFuture<HttpResponse<String>>> guesses = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // refused while the query runs: their audit entries are held, not yet written
            String guess = basic("quinn", "guess-" + i);
            guesses.add(CompletableFuture.supplyAsync(() -> cluster.direct(A).get("/api/v1/whoami", "Authorization", guess)));
        }
        Thread.sleep(100);
        long sigterm = System.nanoTime();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> cluster.stop(A));
        awaitRefusedConnections(cluster.replica(A).port());
        assertThat(running).as("the long query, once A takes no new connection").isNotDone();

        int duringDrain = 0;
        while (!running.isDone()) {
            HttpResponse<String> cubes = nginx.get("/api/v1/cubes", "Authorization", loader);
            assertThat(cubes.statusCode()).as("a new request while A drains: " + describe(cubes)).isEqualTo(200);
            assertThat(cubes.headers().firstValue("X-Tessera-Upstream").orElseThrow()).endsWith(cluster.address(B));
            duringDrain++;
        }
        assertThat(duringDrain).as("requests nginx sent elsewhere while A drained").isPositive();
        HttpResponse<String> answer = running.get(60, TimeUnit.SECONDS);
        long answeredAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"rows\"");
        stopped.get(60, TimeUnit.SECONDS);
        System.out.printf("ReplicasIT graceful stop: the running query answered %d ms after SIGTERM; %d new requests went"
                + " to B meanwhile%n", answeredAfter, duringDrain);

        long refused = guesses.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 401).count();
        assertThat(refused).as("guesses A refused before it stopped").isPositive();
        assertThat(attemptsAudited(cluster.direct(B), "quinn")).as("held audit entries written by the stop").isEqualTo(refused);
    }

    /** Waits until the port refuses new connections (a stopping replica closes its listener first). */
    private static void awaitRefusedConnections(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertThat(System.nanoTime()).as("port " + socket.getPort() + " still takes connections").isLessThan(deadline);
            } catch (IOException refused) {
                assertThat(refused).isInstanceOf(ConnectException.class);
                return;
            }
            Thread.sleep(20);
        }
    }

    /** The spin cube's query over the first {@code values} values of n: values x 10,000 rows of double MD5. */
    private static String spinQuery(int values) {
        return "{\"measures\":[\"spin\"],\"filters\":{\"level\":\"n.n\",\"op\":\"lt\",\"values\":[" + values + "]}}";
    }

    /** How many values of n make the spin query run about {@code millis} on replica A, as it runs on this machine now. */
    private static int valuesForMillis(long millis) {
        int probe = 100;
        long start = System.nanoTime();
        HttpResponse<String> timed = cluster.direct(A).as(basic("loader", password("loader")), "POST", "/api/v1/cubes/spin/query",
                spinQuery(probe));
        assertThat(timed.statusCode()).as(timed.body()).isEqualTo(200);
        long took = Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return (int) Math.max(probe, Math.min(10_000, probe * millis / took));
    }

    /** Refused logins of {@code name} in the audit log, a summary row counting as the attempts it counts. */
    private static long attemptsAudited(TestClient replica, String name) throws IOException {
        HttpResponse<String> audit = replica.as(ADMIN, "GET", "/api/v1/admin/audit?action=login.refused", null);
        long attempts = 0;
        for (JsonNode entry : new ObjectMapper().readTree(audit.body())) {
            if (entry.get("target").asText().equals(name)) {
                String detail = entry.get("detail").asText();
                attempts += detail.matches("\\d+ more .*") ? Long.parseLong(detail.substring(0, detail.indexOf(' '))) : 1;
            }
        }
        return attempts;
    }

    private static Thread started(Runnable body) {
        Thread thread = new Thread(body, "replicas-it-load");
        thread.start();
        return thread;
    }

    private interface Call {
        String run(); // null when it went as expected, else what went wrong
    }

    private static void loop(AtomicBoolean running, AtomicInteger requests, ConcurrentLinkedQueue<String> failures, Call call) {
        while (running.get()) {
            try {
                String failure = call.run();
                if (failure != null) {
                    failures.add(failure);
                }
            } catch (RuntimeException e) {
                failures.add(e.toString());
            }
            requests.incrementAndGet();
        }
    }

    private static String queryOnce() {
        HttpResponse<String> answer = nginx.as(basic("loader", password("loader")), "POST", "/api/v1/cubes/orders/query", QUERY);
        return answer.statusCode() == 200 && answer.body().contains("\"rows\"") ? null : "query: " + describe(answer);
    }

    private static String signInAndAskOnce() {
        HttpResponse<String> login = signIn(nginx, "loader");
        if (login.statusCode() != 303) {
            return "sign-in: " + describe(login);
        }
        HttpResponse<String> whoami = nginx.get("/api/v1/whoami", "Cookie", cookieOf(login));
        return whoami.statusCode() == 200 ? null : "whoami: " + describe(whoami);
    }

    private static String listCubesOnce() {
        HttpResponse<String> cubes = nginx.get("/api/v1/cubes", "Authorization", basic("loader", password("loader")));
        return cubes.statusCode() == 200 ? null : "cubes: " + describe(cubes);
    }

    /** A GET of whoami sent from 127.0.0.2 with the given X-Forwarded-For: its status. */
    private static int statusFromOtherAddress(TestClient to, String authorization, String forwardedFor) throws IOException {
        URI base = URI.create(to.baseUrl());
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), base.getPort(), InetAddress.getByName("127.0.0.2"), 0)) {
            socket.setSoTimeout(30_000);
            String request = "GET /api/v1/whoami HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nAuthorization: " + authorization
                    + "\r\nX-Forwarded-For: " + forwardedFor + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(statusLine.substring("HTTP/1.1 ".length(), "HTTP/1.1 200".length()));
        }
    }

    private static TestClient adminClient(int replica) {
        return new TestClient("http://127.0.0.1:" + cluster.replica(replica).adminPort());
    }

    private static String describe(HttpResponse<String> response) {
        return response.statusCode() + " from " + response.headers().firstValue("X-Tessera-Upstream").orElse("?") + ": "
                + response.body().substring(0, Math.min(300, response.body().length()));
    }

    /** Polls every 2 ms until the session's admin call answers {@code status}; how long that took. */
    private static long millisUntil(TestClient replica, String cookie, int status) throws InterruptedException {
        long start = System.nanoTime();
        while (replica.get("/api/v1/admin/users", "Cookie", cookie, "X-Requested-With", "test").statusCode() != status) {
            assertThat(System.nanoTime() - start).as("waiting for " + status + " on the other replica")
                    .isLessThan(TimeUnit.SECONDS.toNanos(5));
            Thread.sleep(2);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static HttpResponse<String> signIn(TestClient client, String user) {
        String form = "username=" + user + "&password=" + URLEncoder.encode(password(user), StandardCharsets.UTF_8)
                + "&returnTo=%2F";
        return client.send("POST", "/login", form, "Content-Type", "application/x-www-form-urlencoded");
    }

    private static String cookieOf(HttpResponse<String> login) {
        return login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("tessera_session="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow(() -> new AssertionError(login.headers()));
    }

    private static String password(String user) {
        return user + "-password-1234";
    }
}
