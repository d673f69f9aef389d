package dev.tessera.server.store;

import static dev.tessera.server.testing.TestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.server.testing.TesseraProcess;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.ResourceHelpers;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A 2xx from the admin API means the change survives a crash. The real server runs in a JVM of its own on the
 * built-in default store (./data/tessera); writers fire grants, revokes of ROLE_ADMIN, session ends and password
 * changes at it, and it is killed with SIGKILL at a random moment, five times over. After each restart on the same
 * files, every acknowledged change must be there, and every acknowledged revoke must have stayed revoked.
 */
class CrashDurabilityIT {

    private static final int ROUNDS = 5;
    private static final String ADMIN = basic("admin", "admin-password-1");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRESENT = "present";
    private static final String ABSENT = "absent";
    private static final Set<String> KINDS = Set.of("grant", "revoke", "end-sessions", "password");

    private final Path workingDirectory = TesseraTestApp.newDataDirectory();
    private final Path config = Path.of(ResourceHelpers.resourceFilePath("process-config.yml")).toAbsolutePath();
    private final AcknowledgedWrites writes = new AcknowledgedWrites();
    private final ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
    private final Set<String> acknowledgedThisRound = ConcurrentHashMap.newKeySet();
    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);

    @Test
    void everyAcknowledgedChangeSurvivesSigkill() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            long started = System.nanoTime();
            try (TesseraProcess server = TesseraProcess.server(workingDirectory, config)) {
                log("round " + round + ": server up", started);
                TestClient client = server.client();
                assertNothingLost(client, "before round " + round);
                log("round " + round + ": checked", started);
                ExecutorService writers = startWriters(client, round);
                awaitEveryKindAcknowledged();
                Thread.sleep(random.nextInt(500)); // then the kill lands anywhere in the burst
                server.kill();
                log("round " + round + ": killed after " + writes.acknowledgedByKind(), started);
                writers.shutdown();
                assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).as("writers ended after the kill").isTrue();
            }
        }
        try (TesseraProcess server = TesseraProcess.server(workingDirectory, config)) {
            assertNothingLost(server.client(), "after the last round");
            server.stop();
        }
        Map<String, Integer> acknowledged = writes.acknowledgedByKind();
        System.out.println("CrashDurabilityIT seed " + seed + ", acknowledged writes: " + acknowledged);
        assertThat(refused).as("writes the server answered with an error").isEmpty();
        assertThat(acknowledged).as("each kind of write was acknowledged before a kill at least once")
                .containsKeys("grant", "revoke", "end-sessions", "password");
        assertThat(acknowledged.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(50);
    }

    private static void log(String what, long since) {
        System.out.printf("CrashDurabilityIT %s (%d ms)%n", what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since));
    }

    /** Waits until each writer has had a write acknowledged in this round, so that every kind is at stake. */
    private void awaitEveryKindAcknowledged() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!acknowledgedThisRound.containsAll(KINDS) && System.nanoTime() < deadline && refused.isEmpty()) {
            Thread.sleep(10);
        }
    }

    private void assertNothingLost(TestClient client, String when) throws Exception {
        Map<String, Set<String>> roles = rolesByUser(client);
        List<String> lost = writes.check((key, candidates) -> read(client, roles, key, candidates));
        assertThat(lost).as("acknowledged writes lost " + when + " (seed " + seed + ")").isEmpty();
    }

    private static String read(TestClient client, Map<String, Set<String>> roles, String key, List<String> candidates) {
        String[] parts = key.split(":", 3);
        switch (parts[0]) {
            case "role" -> {
                return roles.getOrDefault(parts[1], Set.of()).contains(parts[2]) ? PRESENT : ABSENT;
            }
            case "session" -> {
                int status = client.get("/api/v1/whoami", "Cookie", parts[1] + "=" + parts[2]).statusCode();
                return status == 200 ? "live" : status == 401 ? "ended" : "status " + status;
            }
            case "password" -> {
                for (String password : candidates) {
                    if (client.get("/api/v1/whoami", "Authorization", basic(parts[1], password)).statusCode() == 200) {
                        return password;
                    }
                }
                return "an older password";
            }
            default -> throw new IllegalArgumentException(key);
        }
    }

    private static Map<String, Set<String>> rolesByUser(TestClient client) throws Exception {
        HttpResponse<String> response = client.as(ADMIN, "GET", "/api/v1/admin/users", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Set<String>> roles = new HashMap<>();
        for (JsonNode user : JSON.readTree(response.body())) {
            List<String> held = new ArrayList<>();
            user.path("roles").forEach(role -> held.add(role.asText()));
            roles.put(user.path("username").asText(), Set.copyOf(held));
        }
        return roles;
    }

    private ExecutorService startWriters(TestClient client, int round) {
        String sessionUser = "s" + round;
        String passwordUser = "p" + round;
        createBasicUser(client, sessionUser, sessionUser + "-password-0");
        createBasicUser(client, passwordUser, passwordUser + "-password-0");
        writes.known("password:" + passwordUser, passwordUser + "-password-0");

        acknowledgedThisRound.clear();
        ExecutorService writers = Executors.newFixedThreadPool(5);
        writers.execute(() -> untilKilled(i -> grant(client, "g" + round + "a-" + i, "ROLE_GRANTED")));
        writers.execute(() -> untilKilled(i -> grant(client, "g" + round + "b-" + i, "ROLE_GRANTED")));
        writers.execute(() -> untilKilled(i -> {
            grant(client, "v" + round + "-" + i, "ROLE_ADMIN");
            revoke(client, "v" + round + "-" + i, "ROLE_ADMIN");
        }));
        writers.execute(() -> untilKilled(i -> endSessions(client, sessionUser, login(client, sessionUser))));
        writers.execute(() -> untilKilled(i -> changePassword(client, passwordUser, passwordUser + "-password-" + (i + 1))));
        return writers;
    }

    private interface Step {
        void run(int i);
    }

    /** Repeats a step until the server is gone: the request that hits the kill is in flight, never acknowledged. */
    private void untilKilled(Step step) {
        try {
            for (int i = 0; ; i++) {
                step.run(i);
            }
        } catch (UncheckedIOException gone) {
            // connection refused or reset: the server was killed
        } catch (RuntimeException | AssertionError e) {
            refused.add(e.toString());
        }
    }

    private void grant(TestClient client, String user, String role) {
        String key = "role:" + user + ":" + role;
        writes.known(key, ABSENT);
        write(client, "grant", key, PRESENT, "PUT", "/api/v1/admin/users/" + user + "/roles/" + role, null);
    }

    private void revoke(TestClient client, String user, String role) {
        write(client, "revoke", "role:" + user + ":" + role, ABSENT, "DELETE",
                "/api/v1/admin/users/" + user + "/roles/" + role, null);
    }

    private void endSessions(TestClient client, String user, String cookie) {
        String key = "session:" + cookie.replaceFirst("=", ":");
        writes.known(key, "live");
        write(client, "end-sessions", key, "ended", "DELETE", "/api/v1/admin/users/" + user + "/sessions", null);
    }

    private void changePassword(TestClient client, String user, String password) {
        write(client, "password", "password:" + user, password, "PUT", "/api/v1/admin/basic-users/" + user + "/password",
                "{\"password\":\"" + password + "\"}");
    }

    private void write(TestClient client, String kind, String key, String value, String method, String path, String body) {
        writes.sending(key, value);
        HttpResponse<String> response = client.as(ADMIN, method, path, body);
        if (response.statusCode() / 100 == 2) {
            writes.acknowledged(kind, key, value);
            acknowledgedThisRound.add(kind);
        } else {
            refused.add(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
    }

    private static String login(TestClient client, String user) {
        HttpResponse<String> response = client.send("POST", "/login", "username=" + user + "&password=" + user + "-password-0",
                "Content-Type", "application/x-www-form-urlencoded");
        return response.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("tessera_session="))
                .map(cookie -> cookie.substring(0, cookie.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie: " + response.statusCode() + " " + response.body()));
    }

    private static void createBasicUser(TestClient client, String user, String password) {
        HttpResponse<String> created = client.as(ADMIN, "POST", "/api/v1/admin/basic-users",
                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }
}
