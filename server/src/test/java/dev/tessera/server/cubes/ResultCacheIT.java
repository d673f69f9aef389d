package dev.tessera.server.cubes;

import static dev.tessera.server.cubes.CubeTesting.ADMIN;
import static dev.tessera.server.cubes.CubeTesting.auth;
import static dev.tessera.server.cubes.CubeTesting.json;
import static dev.tessera.server.cubes.CubeTesting.ok;
import static dev.tessera.server.cubes.CubeTesting.q;
import static dev.tessera.server.cubes.CubeTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.client.ArrowAnswer;
import dev.tessera.client.CubeQuery;
import dev.tessera.client.TesseraClient;
import dev.tessera.client.auth.BasicAuth;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.cubes.LiveDataFiles.Version;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The result cache and conditional answers on the running app, over HTTP, on a cube whose data the tests reload:
 * restrictions never share entries (equal ones do), a reordered query is the same entry, {@code no-cache} runs the
 * query again, identical queries in flight run once, a reload's acknowledgement is never followed by an old answer,
 * and ETags give 304s for JSON, CSV, Arrow, members and metadata, and change with the data.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ResultCacheIT {

    static final LiveDataFiles FILES = LiveDataFiles.inNewDirectory();
    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("live-data-config.yml",
            ConfigOverride.config("engine.tables[0].source", FILES.orders().toString()),
            ConfigOverride.config("engine.tables[1].source", FILES.products().toString()));
    static final String RELOAD = "/api/v1/admin/engines/default/reload";
    static final String QUERY = "/api/v1/cubes/live/query";
    static final String BY_CATEGORY = q("{'measures':['units'],'levels':['product.category'],"
            + "'order':[{'by':'product.category','dir':'asc'}]}");
    static final String ANN = auth("ann");
    static final String BEA = auth("bea");
    static final String BOB = auth("bob");
    static final String TOM = auth("tom");

    static TestClient client;

    @BeforeAll
    static void setUp() {
        client = TesseraTestApp.client(APP);
        restrict("ROLE_BOOKS", "Books");
        restrict("ROLE_TOYS", "Toys");
        CubeTesting.createUser(client, "ann", "ROLE_USER");
        CubeTesting.createUser(client, "bea", "ROLE_USER", "ROLE_BOOKS");
        CubeTesting.createUser(client, "bob", "ROLE_USER", "ROLE_BOOKS");
        CubeTesting.createUser(client, "tom", "ROLE_USER", "ROLE_TOYS");
    }

    private static void restrict(String role, String category) {
        HttpResponse<String> put = client.as(ADMIN, "PUT", "/api/v1/admin/restrictions/" + role,
                q("{'live':{'product.category':['" + category + "']}}"));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    /** Every test starts from version A, served (a new data version: nothing cached applies). */
    @BeforeEach
    void serveVersionA() {
        FILES.write(Version.A);
        ok(client.as(ADMIN, "POST", RELOAD, null));
    }

    static long gauge(String name) {
        TestClient adminPort = new TestClient("http://127.0.0.1:" + APP.getAdminPort());
        return json(adminPort.get("/metrics")).path("gauges").path("tessera.resultCache." + name).path("value").asLong();
    }

    static HttpResponse<String> post(String auth, String body, String... headers) {
        List<String> all = new ArrayList<>(List.of("Authorization", auth));
        all.addAll(List.of(headers));
        return client.send("POST", QUERY, body, all.toArray(String[]::new));
    }

    static List<String> categories(HttpResponse<String> answer) {
        return rows(ok(answer)).stream().map(row -> row.get(0)).toList();
    }

    @Test
    void equalRestrictionsShareEntriesAndDifferentOnesNever() {
        long hits = gauge("hits");
        long misses = gauge("misses");
        assertThat(categories(post(BEA, BY_CATEGORY))).containsExactly("Books");
        assertThat(gauge("misses")).isEqualTo(misses + 1);
        assertThat(categories(post(BOB, BY_CATEGORY))).as("bob holds bea's restriction").containsExactly("Books");
        assertThat(gauge("hits")).isEqualTo(hits + 1);
        assertThat(gauge("misses")).isEqualTo(misses + 1);
        assertThat(categories(post(TOM, BY_CATEGORY))).as("tom's restriction is another entry").containsExactly("Toys");
        assertThat(categories(post(ANN, BY_CATEGORY))).as("unrestricted").containsExactly("Books", "Games", "Toys");
        assertThat(gauge("misses")).isEqualTo(misses + 3);
        assertThat(post(BEA, BY_CATEGORY).headers().firstValue("ETag"))
                .isEqualTo(post(BOB, BY_CATEGORY).headers().firstValue("ETag"))
                .isNotEqualTo(post(TOM, BY_CATEGORY).headers().firstValue("ETag"));
    }

    @Test
    void aQueryWithKeysAndInValuesReorderedIsTheSameEntry() {
        String one = q("{'measures':['units'],'levels':['product.category'],"
                + "'filters':{'level':'product.category','op':'in','values':['Toys','Books']}}");
        String same = q("{'filters':{'values':['Books','Toys'],'op':'in','level':'product.category'},"
                + "'levels':['product.category'],'measures':['units']}");
        HttpResponse<String> first = post(ANN, one);
        long hits = gauge("hits");
        long misses = gauge("misses");
        HttpResponse<String> second = post(ANN, same);
        assertThat(rows(ok(second))).isEqualTo(rows(ok(first)));
        assertThat(gauge("hits")).isEqualTo(hits + 1);
        assertThat(gauge("misses")).isEqualTo(misses);
        assertThat(second.headers().firstValue("ETag")).isPresent().isEqualTo(first.headers().firstValue("ETag"));
    }

    @Test
    void noCacheRunsTheQueryAgain() {
        post(ANN, BY_CATEGORY);
        long misses = gauge("misses");
        long hits = gauge("hits");
        long bypasses = gauge("bypasses");
        assertThat(categories(post(ANN, BY_CATEGORY, "Cache-Control", "no-cache"))).containsExactly("Books", "Games", "Toys");
        assertThat(gauge("bypasses")).isEqualTo(bypasses + 1);
        assertThat(gauge("hits")).isEqualTo(hits);
        post(ANN, BY_CATEGORY);
        assertThat(gauge("hits")).as("the refreshed entry answers the next request").isEqualTo(hits + 1);
        assertThat(gauge("misses")).isEqualTo(misses);
    }

    @Test
    void identicalQueriesInFlightRunOnce() throws Exception {
        String query = q("{'measures':['units','orders'],'levels':['product.category'],'limit':7}");
        int n = 8;
        long hits = gauge("hits");
        long misses = gauge("misses");
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService users = Executors.newFixedThreadPool(n);
        List<Future<List<List<String>>>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            answers.add(users.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return rows(ok(post(ANN, query)));
            }));
        }
        List<List<String>> first = answers.get(0).get(30, TimeUnit.SECONDS);
        for (Future<List<List<String>>> answer : answers) {
            assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(first);
        }
        users.shutdown();
        assertThat(first).hasSize(3);
        assertThat(gauge("misses")).as("the engine ran the query once").isEqualTo(misses + 1);
        assertThat(gauge("hits")).isEqualTo(hits + n - 1);
    }

    @Test
    void noAnswerAfterAReloadsAcknowledgementIsOlderThanIt() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService workload = Executors.newFixedThreadPool(2);
        List<Future<?>> load = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            load.add(workload.submit(() -> {
                while (running.get()) {
                    assertThat(post(ANN, q(LiveDataFiles.QUERY)).statusCode()).isEqualTo(200);
                }
                return null;
            }));
        }
        try {
            for (int i = 0; i < 8; i++) {
                Version version = i % 2 == 0 ? Version.B : Version.A;
                FILES.write(version);
                assertThat(client.as(ADMIN, "POST", RELOAD, null).statusCode()).isEqualTo(200);
                assertThat(rows(ok(post(ANN, q(LiveDataFiles.QUERY))))).as("after reload %d", i)
                        .isEqualTo(LiveDataFiles.answer(version, version));
            }
        } finally {
            running.set(false);
            workload.shutdown();
        }
        for (Future<?> f : load) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertThat(gauge("hits")).as("the workload was answered from the cache between reloads").isPositive();
    }

    /**
     * An Arrow answer is kept encoded: the first request runs the query once (DuckDB's Arrow export, no rows kept), a
     * repeat by a user with the same restriction is one hit on the kept stream, and JSON is an entry of its own;
     * another restriction and new data are other streams.
     */
    @Test
    void arrowAnswersAreKeptEncodedAndFollowTheRestrictionAndTheData() throws Exception {
        long misses = gauge("misses");
        long hits = gauge("hits");
        assertThat(arrowCategories("bea")).containsExactly("Books");
        assertThat(gauge("misses")).as("one engine run, its stream kept").isEqualTo(misses + 1);
        assertThat(arrowCategories("bob")).containsExactly("Books");
        assertThat(gauge("hits")).as("bob holds bea's restriction: her kept stream").isEqualTo(hits + 1);
        assertThat(gauge("misses")).isEqualTo(misses + 1);
        assertThat(categories(post(BEA, BY_CATEGORY))).containsExactly("Books");
        assertThat(gauge("misses")).as("JSON keeps rows, another entry").isEqualTo(misses + 2);
        assertThat(arrowCategories("tom")).containsExactly("Toys");
        assertThat(arrowCategories("ann")).containsExactly("Books", "Games", "Toys");

        List<List<String>> before = arrowRows("ann");
        FILES.write(Version.B);
        ok(client.as(ADMIN, "POST", RELOAD, null));
        assertThat(arrowRows("ann")).as("the reloaded data, not the kept stream").isEqualTo(rows(ok(post(ANN, BY_CATEGORY))))
                .isNotEqualTo(before);
    }

    static List<List<String>> arrowRows(String username) throws Exception {
        TesseraClient user = TesseraClient.builder(URI.create(client.baseUrl()))
                .auth(new BasicAuth(username, CubeTesting.password(username))).build();
        try (ArrowAnswer arrow = user.queryArrow("live", new ObjectMapper().readValue(BY_CATEGORY, CubeQuery.class))) {
            return arrow.toAnswer().rows().stream().map(row -> row.values().stream().map(String::valueOf).toList()).toList();
        }
    }

    static List<String> arrowCategories(String username) throws Exception {
        return arrowRows(username).stream().map(row -> row.get(0)).toList();
    }

    @Test
    void jsonCsvAndArrowAnswersAre304WhileTheDataIsTheSameAndChangeWithIt() {
        for (String accept : List.of("application/json", "text/csv", "application/vnd.apache.arrow.stream")) {
            HttpResponse<String> first = post(BEA, BY_CATEGORY, "Accept", accept);
            assertThat(first.statusCode()).as(accept).isEqualTo(200);
            String tag = first.headers().firstValue("ETag").orElseThrow();
            assertThat(tag).as(accept).matches("\"[A-Za-z0-9_-]{43}\"").doesNotContain("Books");
            assertThat(first.headers().allValues("Cache-Control")).containsExactly("private, no-cache");
            HttpResponse<String> again = post(BEA, BY_CATEGORY, "Accept", accept, "If-None-Match", tag);
            assertThat(again.statusCode()).as(accept).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(again.headers().firstValue("ETag")).contains(tag);
            assertThat(post(TOM, BY_CATEGORY, "Accept", accept, "If-None-Match", tag).statusCode())
                    .as("another restriction's tag is not this answer's").isEqualTo(200);
        }
        String json = post(BEA, BY_CATEGORY).headers().firstValue("ETag").orElseThrow();
        String csv = post(BEA, BY_CATEGORY, "Accept", "text/csv").headers().firstValue("ETag").orElseThrow();
        assertThat(json).isNotEqualTo(csv);
        FILES.write(Version.B);
        ok(client.as(ADMIN, "POST", RELOAD, null));
        HttpResponse<String> reloaded = post(BEA, BY_CATEGORY, "If-None-Match", json);
        assertThat(reloaded.statusCode()).as("new data, new tag").isEqualTo(200);
        assertThat(reloaded.headers().firstValue("ETag")).isPresent().isNotEqualTo(java.util.Optional.of(json));
    }

    @Test
    void membersAndMetadataAre304WhileTheDataIsTheSame() {
        for (String path : List.of("/api/v1/cubes/live/members/product.category", "/api/v1/cubes/live")) {
            HttpResponse<String> first = client.get(path, "Authorization", BEA);
            assertThat(first.statusCode()).as(path).isEqualTo(200);
            String tag = first.headers().firstValue("ETag").orElseThrow();
            assertThat(first.headers().allValues("Cache-Control")).containsExactly("private, no-cache");
            HttpResponse<String> again = client.get(path, "Authorization", BEA, "If-None-Match", tag);
            assertThat(again.statusCode()).as(path).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            FILES.write(Version.B);
            ok(client.as(ADMIN, "POST", RELOAD, null));
            assertThat(client.get(path, "Authorization", BEA, "If-None-Match", tag).statusCode()).as(path).isEqualTo(200);
        }
        JsonNode members = ok(client.get("/api/v1/cubes/live/members/product.category", "Authorization", TOM));
        assertThat(members.path("members").toString()).isEqualTo("[\"Toys\"]");
    }
}
