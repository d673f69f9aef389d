package dev.tessera.server.cubes;

import static dev.tessera.server.cubes.CubeTesting.ADMIN;
import static dev.tessera.server.cubes.CubeTesting.auth;
import static dev.tessera.server.cubes.CubeTesting.ok;
import static dev.tessera.server.cubes.CubeTesting.problem;
import static dev.tessera.server.cubes.CubeTesting.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The attack of the security report, on the running app with its shape: two engine workers, four queries at once
 * per user. One user keeps four slow queries in flight (each tens of seconds of work unless cancelled); another
 * user's small query, and an admin's, are answered while all four are still running or waiting. Before, the four
 * held both workers and the head of the queue, and the small queries waited until the slow ones timed out.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CubeFairnessIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("cube-limits-config.yml",
            ConfigOverride.config("engine.maxConcurrentQueriesPerUser", "4"),
            ConfigOverride.config("engine.queryTimeout", "30s"));
    static final String SLOW = "{'measures':['spin'],'timeoutMs':10000}";
    static final String FAST = "{'levels':['n.n'],'measures':['rows'],'limit':3}";
    static final ExecutorService CALLERS = Executors.newCachedThreadPool();

    static TestClient client;

    @BeforeAll
    static void setUp() {
        client = TesseraTestApp.client(APP);
        CubeTesting.createUser(client, "flooder", "ROLE_USER");
        CubeTesting.createUser(client, "bystander", "ROLE_USER");
        ok(query(auth("flooder"), FAST)); // the password check is slow on purpose: do it before the race
        ok(query(auth("bystander"), FAST));
    }

    @AfterAll
    static void tearDown() {
        CALLERS.shutdownNow();
    }

    static HttpResponse<String> query(String authorization, String body) {
        return client.as(authorization, "POST", "/api/v1/cubes/spin/query", q(body));
    }

    /** The flooder's four queries hold all four of their slots: a fifth is refused. */
    static void assertFloodInFlight() {
        // timeoutMs 1: were a slot still free, this probe would hold it only for a moment
        HttpResponse<String> probe = query(auth("flooder"), "{'measures':['rows'],'timeoutMs':1}");
        assertThat(probe.statusCode()).as("the flood holds all four slots: " + probe.body()).isEqualTo(429);
    }

    @Test
    void otherUsersAreAnsweredWhileOneUserFloodsTheEngine() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            flood.add(CompletableFuture.supplyAsync(() -> query(auth("flooder"), SLOW), CALLERS));
        }
        Thread.sleep(2_000); // the flood reaches the engine first, as in the attack
        assertFloodInFlight();

        HttpResponse<String> bystander = query(auth("bystander"), FAST);
        HttpResponse<String> admin = query(ADMIN, FAST);
        assertThat(flood).as("every slow query was still running or waiting").noneMatch(CompletableFuture::isDone);
        assertThat(CubeTesting.rows(ok(bystander))).hasSize(3);
        assertThat(CubeTesting.rows(ok(admin))).hasSize(3);

        for (CompletableFuture<HttpResponse<String>> slow : flood) {
            problem(slow.get(60, TimeUnit.SECONDS), 504); // the flooder's own queries wait their turn, then time out
        }
        ok(query(auth("flooder"), FAST));
    }
}
