package dev.tessera.server.cubes;

import static dev.tessera.server.cubes.CubeTesting.auth;
import static dev.tessera.server.cubes.CubeTesting.problem;
import static dev.tessera.server.cubes.CubeTesting.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Query time and concurrency limits on the running app. The {@code spin} measure joins 10,000 rows to 10,000 and
 * hashes each pair twice: tens of seconds on one engine thread unless the statement is cancelled. Each user may run
 * one query at a time, so a user whose timed-out statement kept running would be refused (429) until it ended: a
 * normal query that succeeds right after the 504 shows the engine really stopped the statement.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CubeLimitsIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("cube-limits-config.yml");
    static final String SLOW = "{'measures':['spin']}";
    static final String FAST = "{'levels':['n.n'],'measures':['rows'],'limit':3}";

    static TestClient client;

    @BeforeAll
    static void setUp() {
        client = TesseraTestApp.client(APP);
        CubeTesting.createUser(client, "alice", "ROLE_USER");
        CubeTesting.createUser(client, "bob", "ROLE_USER");
        CubeTesting.createUser(client, "carol", "ROLE_USER");
    }

    static HttpResponse<String> query(String user, String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = auth(user);
        System.arraycopy(headers, 0, all, 2, headers.length);
        return client.send("POST", "/api/v1/cubes/spin/query", q(body), all);
    }

    /** The user's next normal query is answered (not 429) within a few seconds: their slot was freed. */
    static void answersAgainSoon(String user) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        HttpResponse<String> response;
        do {
            response = query(user, FAST);
            if (response.statusCode() == 200) {
                break;
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        assertThat(response.statusCode()).as("the timed-out statement still holds the user's only slot: not cancelled")
                .isEqualTo(200);
        assertThat(CubeTesting.json(response).path("rows").toString()).isEqualTo("[[0,1],[1,1],[2,1]]");
    }

    @Test
    void aRequestTimeoutIs504AndTheStatementIsCancelled() throws Exception {
        JsonNode timedOut = problem(query("alice", "{'measures':['spin'],'timeoutMs':300}"), 504);
        assertThat(timedOut.path("detail").asText()).contains("300");
        answersAgainSoon("alice");
        // Twice in a row: the engine worker came back too.
        problem(query("alice", "{'measures':['spin'],'timeoutMs':300}"), 504);
        answersAgainSoon("alice");
    }

    @Test
    void theConfiguredTimeoutAppliesWhenTheRequestNamesNone() throws Exception {
        JsonNode timedOut = problem(query("bob", SLOW), 504);
        assertThat(timedOut.path("detail").asText()).contains("2000");
        answersAgainSoon("bob");
        // A request may lower the timeout, not raise it.
        problem(query("bob", "{'measures':['spin'],'timeoutMs':2001}"), 422);
    }

    @Test
    void aCsvExportPastItsTimeIs504BeforeAnyByte() throws Exception {
        HttpResponse<String> response = query("carol", "{'levels':['n.n'],'measures':['spin'],'timeoutMs':300}", "Accept", "text/csv");
        problem(response, 504);
        answersAgainSoon("carol");
    }

    @Test
    void aSecondConcurrentQueryOfTheSameUserIs429AndOtherUsersAreNotHeldUp() throws Exception {
        CubeTesting.createUser(client, "dave", "ROLE_USER");
        CubeTesting.createUser(client, "erin", "ROLE_USER");
        query("dave", FAST); // the password check is slow on purpose: do it before the race
        query("erin", FAST);
        CompletableFuture<HttpResponse<String>> slow = null;
        HttpResponse<String> refused = null;
        HttpResponse<String> other = null;
        for (int attempt = 0; attempt < 10 && refused == null; attempt++) {
            slow = CompletableFuture.supplyAsync(() -> query("dave", SLOW));
            Thread.sleep(50);
            while (!slow.isDone() && refused == null) {
                HttpResponse<String> second = query("dave", FAST);
                if (second.statusCode() == 429) {
                    refused = second;
                    other = query("erin", FAST);
                    assertThat(slow.isDone()).as("the slow query was still running when the second was refused").isFalse();
                } else {
                    assertThat(second.statusCode()).as(second.body()).isEqualTo(200); // the slow one had not started yet
                }
            }
            if (refused == null) {
                // The fast query took the slot first and the slow one was the one refused: go again.
                assertThat(slow.get().statusCode()).as(slow.get().body()).isEqualTo(429);
            }
        }
        assertThat(refused).isNotNull();
        JsonNode tooMany = problem(refused, 429);
        assertThat(tooMany.path("detail").asText()).contains("1");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(other.statusCode()).as(other.body()).isEqualTo(200);

        problem(slow.get(), 504);
        answersAgainSoon("dave");
    }
}
