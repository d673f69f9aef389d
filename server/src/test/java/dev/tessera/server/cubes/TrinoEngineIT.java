package dev.tessera.server.cubes;

import static dev.tessera.server.cubes.CubeTesting.auth;
import static dev.tessera.server.cubes.CubeTesting.ok;
import static dev.tessera.server.cubes.CubeTesting.problem;
import static dev.tessera.server.cubes.CubeTesting.q;
import static dev.tessera.server.cubes.CubeTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TcpProxy;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import dev.tessera.server.testing.TrinoTestServer;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Trino engine against a real Trino, over HTTP on the running app: a Trino down at start (the app starts, its
 * cubes answer 503 naming the engine, then answer once it is up), cut off mid-run and back, refusing the service
 * account, a timeout that cancels the query in Trino, queries that run as the signed-in user under Trino's own
 * access control, and the cap on one user's queries.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrinoEngineIT {

    /** Between the app and Trino; down when the app starts. */
    static final TcpProxy PROXY = new TcpProxy(TrinoTestServer.PORT);
    static final DropwizardAppExtension<TesseraConfiguration> APP = app();
    static final String ANN = auth("ann");
    static TestClient client;

    static DropwizardAppExtension<TesseraConfiguration> app() {
        if (TrinoTestServer.running()) {
            TrinoTestServer.load("orders", "products", "atoti", "grid");
        }
        String engines = "engines:\n"
                + "  lake:\n" + TrinoTestServer.engineBlock("https://localhost:" + PROXY.port(), "memory",
                        TrinoTestServer.SCHEMA, TrinoTestServer.PASSWORD)
                + "  locked:\n" + TrinoTestServer.engineBlock(TrinoTestServer.URL, "memory", TrinoTestServer.SCHEMA,
                        "not-the-password")
                + "  tpch:\n" + TrinoTestServer.engineBlock(TrinoTestServer.URL, "tpch", "sf100", TrinoTestServer.PASSWORD)
                + "  tpch1:\n" + TrinoTestServer.engineBlock(TrinoTestServer.URL, "tpch", "sf1", TrinoTestServer.PASSWORD);
        try {
            String yaml = Files.readString(Path.of(ResourceHelpers.resourceFilePath("trino-engine-config.yml")));
            Path file = Files.createTempFile("tessera-trino-engines-", ".yml");
            Files.writeString(file, yaml.replace("ENGINES\n", engines));
            return TesseraTestApp.createFromFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void setUp() {
        TrinoTestServer.assumeRunning();
        client = TesseraTestApp.client(APP);
        CubeTesting.createUser(client, "ann", "ROLE_USER");
        CubeTesting.createUser(client, "mallory", "ROLE_USER");
    }

    @AfterAll
    static void tearDown() {
        PROXY.close();
    }

    static HttpResponse<String> query(String cube, String body) {
        return client.as(ANN, "POST", "/api/v1/cubes/" + cube + "/query", q(body));
    }

    /**
     * The CSV's statement as Trino lists it: trino-jdbc sends {@code PREPARE} (which always finishes) and then
     * {@code EXECUTE ... USING} its values, here offset 0 and a limit no other test asks for.
     */
    static final String ORDERKEYS = "EXECUTE % USING BIGINT '0', BIGINT '999983'";
    /** The timeout test's statement: limit 99991, sent as 99992 (one more row tells that there are more). */
    static final String TIMED_OUT = "EXECUTE % USING BIGINT '0', BIGINT '99992'";
    static final String BY_REGION = "{'levels':['geo.region'],'measures':['orders','units']}";

    @Test
    @Order(1)
    void trinoDownAtStartIs503NamingTheEngineThenTheCubesAnswerOnceItIsUp() {
        JsonNode down = problem(query("orders", BY_REGION), 503);
        assertThat(down.path("detail").asText()).contains("engine 'lake'", "cannot be reached", "trying again");
        assertThat(query("orders", BY_REGION).headers().firstValue("Retry-After")).isPresent();
        // The other engines' cubes are not held up by it.
        assertThat(query("big", "{'measures':['quantity'],'timeoutMs':500}").statusCode()).isEqualTo(504);

        PROXY.up();
        JsonNode answer = eventually(() -> query("orders", BY_REGION));
        assertThat(rows(answer)).isEqualTo(expectedByRegion());
    }

    @Test
    @Order(2)
    void trinoCutOffMidRunIs503AndTheNextQueryAfterItIsBackAnswers() {
        ok(query("orders", BY_REGION));
        PROXY.down();
        JsonNode down = problem(query("orders", BY_REGION), 503);
        assertThat(down.path("detail").asText()).contains("engine 'lake'", "cannot be reached");

        PROXY.up();
        assertThat(rows(eventually(() -> query("orders", BY_REGION)))).isEqualTo(expectedByRegion());
    }

    @Test
    @Order(3)
    void aServiceAccountTrinoRefusesIs503NamingTheEngineNeverTheSecret() {
        HttpResponse<String> response = query("vault", "{'measures':['orders']}");
        JsonNode refused = problem(response, 503);
        assertThat(refused.path("detail").asText()).contains("engine 'locked'", "refused the service account 'tessera'");
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(response.body()).doesNotContain("not-the-password");
    }

    @Test
    @Order(4)
    void queriesRunAsTheSignedInUserUnderTrinosOwnAccessControl() {
        PROXY.up();
        JsonNode members = eventually(() -> client.as(ANN, "GET", "/api/v1/cubes/who/members/session.user", null));
        assertThat(members.path("members").toString()).isEqualTo("[\"ann\"]");

        // Trino's rules keep mallory out of the memory catalog: Tessera lets her ask, Trino refuses her.
        JsonNode denied = problem(client.as(auth("mallory"), "POST", "/api/v1/cubes/who/query", q("{'measures':['rows']}")), 403);
        assertThat(denied.path("detail").asText()).contains("engine 'lake'", "Access Denied");
    }

    @Test
    @Order(5)
    void aTimeoutCancelsTheQueryInTrino() throws Exception {
        Set<String> before = queryStates(TIMED_OUT).keySet();
        String marker = "{'levels':['flag.returnflag'],'measures':['quantity'],'limit':99991,'timeoutMs':2000}";
        problem(query("big", marker), 504);
        // The query reached Trino, and is no longer running there: trino-jdbc's cancel ended it.
        Map<String, String> states = Map.of();
        for (int i = 0; i < 40; i++) {
            states = new HashMap<>(queryStates(TIMED_OUT));
            states.keySet().removeAll(before);
            if (!states.isEmpty() && states.values().stream().noneMatch(state -> live(state.replaceFirst(" .*", "")))) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(states).as("the timed-out query in system.runtime.queries").hasSize(1)
                .containsValue("FAILED USER_CANCELED");
    }

    @Test
    @Order(6)
    void theCapOnOneUsersQueriesHoldsOnTrino() throws Exception {
        // maxConcurrentQueriesPerUser is 4: of six long queries sent at once, two are refused at once with a 429.
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                statuses.add(pool.submit(() -> query("big", "{'levels':['flag.returnflag'],'measures':['quantity'],"
                        + "'timeoutMs':3000}").statusCode()));
            }
            List<Integer> seen = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                seen.add(status.get());
            }
            assertThat(seen).as("statuses").containsOnly(429, 504).filteredOn(status -> status == 429).hasSize(2);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    @Order(7)
    void aCsvClientThatHangsUpMidStreamCancelsTheQueryInTrino() throws Exception {
        Set<String> before = queryStates(ORDERKEYS).keySet();
        String body = q("{'levels':['key.orderkey','note.comment','clerk.clerk','priority.priority'],"
                + "'measures':['price'],'limit':999983}");
        URI base = URI.create(client.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("POST /api/v1/cubes/orderkeys/query HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nAuthorization: " + ANN + "\r\nContent-Type: application/json\r\nAccept: text/csv\r\n"
                    + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] head = socket.getInputStream().readNBytes(64 * 1024); // streaming has begun ...
            assertThat(new String(head, StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200");
        } // ... and the client hangs up with most of the million rows unread

        Map<String, String> states = Map.of();
        for (int i = 0; i < 40; i++) {
            states = new HashMap<>(queryStates(ORDERKEYS));
            states.keySet().removeAll(before);
            if (!states.isEmpty() && states.values().stream().noneMatch(state -> live(state.replaceFirst(" .*", "")))) {
                break;
            }
            Thread.sleep(250);
        }
        // Cancelled, not FINISHED: Tessera did not go on draining the rows nobody would read.
        assertThat(states).as("the CSV's query in system.runtime.queries").hasSize(1).containsValue("FAILED USER_CANCELED");
    }

    /** Tessera's queries whose text is like the pattern, by query id, with their state and error code in Trino. */
    private static Map<String, String> queryStates(String like) throws SQLException {
        try (Connection trino = TrinoTestServer.connect(null);
             PreparedStatement ps = trino.prepareStatement("SELECT query_id, state, error_code FROM system.runtime.queries "
                     + "WHERE source = 'tessera' AND query LIKE ?")) {
            ps.setString(1, like);
            Map<String, String> states = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String error = rs.getString(3);
                    states.put(rs.getString(1), rs.getString(2) + (error == null ? "" : " " + error));
                }
            }
            return states;
        }
    }

    private static boolean live(String state) {
        return !state.equals("FINISHED") && !state.equals("FAILED");
    }

    private static List<List<String>> expectedByRegion() {
        try (Connection duck = CubeTesting.oracle("orders")) {
            return CubeTesting.sql(duck, "SELECT region, count(*), sum(quantity) FROM orders GROUP BY region "
                    + "ORDER BY region NULLS LAST");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first 200 within 20 s: the engine retries every 500 ms, then the cubes compile. */
    private static JsonNode eventually(Supplier<HttpResponse<String>> request) {
        HttpResponse<String> last = null;
        for (int i = 0; i < 80; i++) {
            last = request.get();
            if (last.statusCode() == 200) {
                return ok(last);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return ok(last);
    }
}
