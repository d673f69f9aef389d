package dev.tessera.server.cubes;

import static dev.tessera.server.cubes.CubeTesting.ADMIN;
import static dev.tessera.server.cubes.CubeTesting.auth;
import static dev.tessera.server.cubes.CubeTesting.json;
import static dev.tessera.server.cubes.CubeTesting.ok;
import static dev.tessera.server.cubes.CubeTesting.problem;
import static dev.tessera.server.cubes.CubeTesting.q;
import static dev.tessera.server.cubes.CubeTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.cubes.LiveDataFiles.Version;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reloading the embedded engine's data on the running app, over HTTP: answers during reloads come from one version,
 * a reload that fails keeps the data served and says why (answer, engines list, metrics, audit), the data version
 * moves exactly on reloads that succeed, and only admins may reload.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LiveDataIT {

    static final LiveDataFiles FILES = LiveDataFiles.inNewDirectory();
    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("live-data-config.yml",
            ConfigOverride.config("engine.tables[0].source", FILES.orders().toString()),
            ConfigOverride.config("engine.tables[1].source", FILES.products().toString()));
    static final String ANN = auth("ann");
    static final String RELOAD = "/api/v1/admin/engines/default/reload";

    static TestClient client;

    @BeforeAll
    static void setUp() {
        client = TesseraTestApp.client(APP);
        CubeTesting.createUser(client, "ann", "ROLE_USER");
    }

    /** Every test starts from version A, served. */
    @BeforeEach
    void serveVersionA() {
        FILES.write(Version.A);
        ok(client.as(ADMIN, "POST", RELOAD, null));
        assertThat(answer()).isEqualTo(LiveDataFiles.answer(Version.A, Version.A));
    }

    static List<List<String>> answer() {
        return rows(ok(client.as(ANN, "POST", "/api/v1/cubes/live/query", q(LiveDataFiles.QUERY))));
    }

    static JsonNode engine() {
        JsonNode engines = ok(client.as(ADMIN, "GET", "/api/v1/admin/engines", null));
        assertThat(engines.size()).isEqualTo(1);
        assertThat(engines.get(0).path("name").asText()).isEqualTo("default");
        return engines.get(0);
    }

    static JsonNode gauges() {
        TestClient adminPort = new TestClient("http://127.0.0.1:" + APP.getAdminPort());
        return json(adminPort.get("/metrics")).path("gauges");
    }

    @Test
    void queriesDuringReloadsAnswerFromExactlyOneVersion() throws Exception {
        List<List<String>> a = LiveDataFiles.answer(Version.A, Version.A);
        List<List<String>> b = LiveDataFiles.answer(Version.B, Version.B);
        // the test can fail only if a mixture differs from both versions: check the data does what it must
        assertThat(Set.of(a, b, LiveDataFiles.answer(Version.A, Version.B), LiveDataFiles.answer(Version.B, Version.A)))
                .hasSize(4);
        AtomicBoolean reloading = new AtomicBoolean(true);
        Set<List<List<String>>> seen = ConcurrentHashMap.newKeySet();
        List<String> wrong = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<Integer>> counts = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            counts.add(clients.submit(() -> {
                int n = 0;
                while (reloading.get() || n < 5) {
                    HttpResponse<String> r = client.as(ANN, "POST", "/api/v1/cubes/live/query", q(LiveDataFiles.QUERY));
                    if (r.statusCode() != 200) {
                        synchronized (wrong) {
                            wrong.add(r.statusCode() + " " + r.body());
                        }
                    } else {
                        seen.add(rows(json(r)));
                    }
                    n++;
                }
                return n;
            }));
        }
        for (int i = 0; i < 12; i++) {
            FILES.write(i % 2 == 0 ? Version.B : Version.A);
            assertThat(client.as(ADMIN, "POST", RELOAD, null).statusCode()).isEqualTo(200);
        }
        reloading.set(false);
        int queries = 0;
        for (Future<Integer> count : counts) {
            queries += count.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
        assertThat(wrong).as("failed queries").isEmpty();
        assertThat(queries).isGreaterThan(20);
        assertThat(seen).as("every answer is exactly one version's, and both were served").isSubsetOf(a, b).contains(a, b);
    }

    static Stream<Arguments> badData() {
        byte[] notUtf8 = {'o', 'r', 'd', 'e', 'r', '_', 'i', 'd', '\n', '1', '\n', (byte) 0xff, (byte) 0xfe, '\n'};
        return Stream.of(
                Arguments.of("orders that are not UTF-8 text",
                        (Consumer<LiveDataFiles>) f -> f.replace(f.orders(), notUtf8), "orders.csv"),
                Arguments.of("a row of orders with more columns than the header",
                        (Consumer<LiveDataFiles>) f -> f.replace(f.orders(), "order_id,product_id,quantity\n1,1,2\n2,1,3,4,5\n"),
                        "orders"),
                Arguments.of("the orders file gone", (Consumer<LiveDataFiles>) f -> delete(f), "orders.csv"),
                Arguments.of("products without the category column the cube reads",
                        (Consumer<LiveDataFiles>) f -> f.replace(f.products(), "product_id,name\n1,Teddy\n"), "category"),
                Arguments.of("quantity turned from whole numbers to text",
                        (Consumer<LiveDataFiles>) f -> f.replace(f.orders(), "order_id,product_id,quantity\n1,1,two\n"),
                        "units"),
                Arguments.of("quantity turned from whole numbers to decimals",
                        (Consumer<LiveDataFiles>) f -> f.replace(f.orders(), "order_id,product_id,quantity\n1,1,2.5\n"),
                        "units"));
    }

    private static void delete(LiveDataFiles files) {
        try {
            Files.delete(files.orders());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badData")
    void aFailedReloadKeepsTheOldDataAndSaysWhy(String what, Consumer<LiveDataFiles> spoil, String named) {
        long version = engine().path("dataVersion").asLong();
        long failedBefore = gauges().path("tessera.engine.default.reloads.failed").path("value").asLong();
        spoil.accept(FILES);

        JsonNode refused = problem(client.as(ADMIN, "POST", RELOAD, null), 422);
        assertThat(refused.path("detail").asText()).contains("still serves data version " + version).contains(named);

        assertThat(answer()).isEqualTo(LiveDataFiles.answer(Version.A, Version.A));
        JsonNode engine = engine();
        assertThat(engine.path("dataVersion").asLong()).isEqualTo(version);
        assertThat(engine.path("lastReload").path("succeeded").asBoolean()).isFalse();
        assertThat(engine.path("lastReload").path("error").asText()).contains(named);
        JsonNode gauges = gauges();
        assertThat(gauges.path("tessera.engine.default.reloads.failed").path("value").asLong()).isEqualTo(failedBefore + 1);
        assertThat(gauges.path("tessera.engine.default.lastReload.succeeded").path("value").asLong()).isZero();
        assertThat(gauges.path("tessera.engine.default.dataVersion").path("value").asLong()).isEqualTo(version);
        JsonNode audit = ok(client.as(ADMIN, "GET", "/api/v1/admin/audit?limit=1&action=engine.reload.failed", null));
        assertThat(audit.get(0).path("actor").asText()).isEqualTo("admin");
        assertThat(audit.get(0).path("detail").asText()).contains(named);
    }

    @Test
    void theDataVersionChangesExactlyOnReloadsThatSucceed() {
        long first = engine().path("dataVersion").asLong();
        long succeededBefore = engine().path("reloads").path("succeeded").asLong();

        FILES.write(Version.B);
        JsonNode reloaded = ok(client.as(ADMIN, "POST", RELOAD, null));
        long second = reloaded.path("dataVersion").asLong();
        assertThat(reloaded.path("previousDataVersion").asLong()).isEqualTo(first);
        assertThat(second).isGreaterThan(first);
        assertThat(reloaded.path("tables").toString()).contains("{\"name\":\"orders\",\"rows\":60}",
                "{\"name\":\"products\",\"rows\":3}");
        assertThat(answer()).isEqualTo(LiveDataFiles.answer(Version.B, Version.B));
        assertThat(engine().path("dataVersion").asLong()).isEqualTo(second);
        assertThat(gauges().path("tessera.engine.default.dataVersion").path("value").asLong()).isEqualTo(second);

        FILES.replace(FILES.orders(), "not,a\n1,2,3,4\n");
        problem(client.as(ADMIN, "POST", RELOAD, null), 422);
        assertThat(engine().path("dataVersion").asLong()).isEqualTo(second);

        FILES.write(Version.B); // the same files again: new data as far as anyone can tell, so a new version
        long third = ok(client.as(ADMIN, "POST", RELOAD, null)).path("dataVersion").asLong();
        assertThat(third).isGreaterThan(second);
        JsonNode engine = engine();
        assertThat(engine.path("reloads").path("succeeded").asLong()).isEqualTo(succeededBefore + 2);
        assertThat(engine.path("lastReload").path("trigger").asText()).isEqualTo("admin admin");
        JsonNode audit = ok(client.as(ADMIN, "GET", "/api/v1/admin/audit?limit=1&action=engine.reload", null));
        assertThat(audit.get(0).path("detail").asText()).contains(second + " -> " + third);
    }

    @Test
    void aReloadAskedForDuringAnotherIsA409AndTheRunningOneFinishes() throws Exception {
        FILES.write(Version.B);
        int asks = 6;
        CyclicBarrier together = new CyclicBarrier(asks);
        ExecutorService admins = Executors.newFixedThreadPool(asks);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < asks; i++) {
            answers.add(admins.submit(() -> {
                together.await(10, TimeUnit.SECONDS);
                return client.as(ADMIN, "POST", RELOAD, null);
            }));
        }
        List<Long> versions = new ArrayList<>();
        int refused = 0;
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> r = answer.get(60, TimeUnit.SECONDS);
            if (r.statusCode() == 409) {
                assertThat(problem(r, 409).path("detail").asText()).contains("a reload is running already");
                refused++;
            } else {
                versions.add(ok(r).path("dataVersion").asLong());
            }
        }
        admins.shutdown();
        assertThat(refused).as("six reloads asked for at once cannot all run alone").isPositive();
        assertThat(versions).isNotEmpty();
        assertThat(engine().path("dataVersion").asLong()).isEqualTo(versions.stream().mapToLong(Long::longValue).max().orElseThrow());
        assertThat(answer()).isEqualTo(LiveDataFiles.answer(Version.B, Version.B));
    }

    @Test
    void onlyAdminsSeeAndReloadEngines() {
        problem(client.as(ANN, "POST", RELOAD, null), 403);
        problem(client.as(ANN, "GET", "/api/v1/admin/engines", null), 403);
        HttpResponse<String> anonymous = client.send("POST", RELOAD, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic");
    }

    @Test
    void anUnknownEngineIsA404NamingTheEngines() {
        JsonNode missing = problem(client.as(ADMIN, "POST", "/api/v1/admin/engines/warehouse/reload", null), 404);
        assertThat(missing.path("detail").asText()).contains("'warehouse'", "default");
    }
}
