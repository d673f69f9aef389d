package dev.tessera.server.cubes;

import static dev.tessera.server.cubes.CubeTesting.ADMIN;
import static dev.tessera.server.cubes.CubeTesting.auth;
import static dev.tessera.server.cubes.CubeTesting.json;
import static dev.tessera.server.cubes.CubeTesting.ok;
import static dev.tessera.server.cubes.CubeTesting.q;
import static dev.tessera.server.cubes.CubeTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Aggregate tables on the running app: cube {@code orders} has three aggregates, cube {@code plain} is the same cube
 * without any. Every query shape of the cube suite that an aggregate covers must be answered from the aggregate
 * {@code explain} names, with the rows {@code plain} gives from the facts (totals, filters, having, order, paging,
 * restrictions); the cases no aggregate covers go to the facts, saying why; a reload rebuilds the aggregates before
 * it is acknowledged. {@link TrinoAggregatesIT} runs it all with the facts on Trino.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AggregatesIT {

    static final Path DATA = copyOfOrders();
    /** A config file of its own, not a ConfigOverride: overrides are system properties, seen by every app in the JVM. */
    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.createFromFile(configReading(DATA));
    static final String ANN = auth("ann");
    static final String RITA = auth("rita");

    static TestClient client;

    @BeforeAll
    static void setUp() {
        connect(APP);
    }

    static void connect(DropwizardAppExtension<TesseraConfiguration> app) {
        client = TesseraTestApp.client(app);
        CubeTesting.createUser(client, "ann", "ROLE_USER");
        restrict("ROLE_NORTH_EAST", "{'geo.region':['North','East']}");
        restrict("ROLE_ALICE", "{'customer.customer':['Alice']}");
        CubeTesting.createUser(client, "rita", "ROLE_USER", "ROLE_NORTH_EAST");
    }

    private static Path configReading(Path orders) {
        try {
            String yaml = Files.readString(Path.of(ResourceHelpers.resourceFilePath("aggregates-it-config.yml")));
            Path file = orders.resolveSibling("aggregates-it-config.yml");
            Files.writeString(file, yaml.replace("src/test/resources/cubes/orders.csv", orders.toString()));
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same restriction on both cubes, so their answers compare. */
    private static void restrict(String role, String levels) {
        HttpResponse<String> put = client.as(ADMIN, "PUT", "/api/v1/admin/restrictions/" + role,
                q("{'orders':" + levels + ",'plain':" + levels + "}"));
        assertThat(put.statusCode()).as(put.body()).isBetween(200, 204);
    }

    private static Path copyOfOrders() {
        try {
            Path dir = Files.createTempDirectory("tessera-aggregates-");
            Path orders = dir.resolve("orders.csv");
            Files.copy(Path.of("src/test/resources/cubes/orders.csv"), orders);
            dir.toFile().deleteOnExit();
            orders.toFile().deleteOnExit();
            return orders;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode explain(String body, String asRoles) {
        return ok(client.as(ADMIN, "POST", "/api/v1/cubes/orders/query/explain" + (asRoles == null ? "" : "?as=" + asRoles),
                q(body)));
    }

    static List<List<String>> answer(String user, String cube, String body) {
        return rows(ok(CubeTesting.query(client, user, cube, body)));
    }

    static Stream<Arguments> covered() {
        return Stream.of(
                Arguments.of("{'measures':['orders','revenue']}", "byRegion"),
                Arguments.of("{'levels':['geo.region'],'measures':['orders','revenue'],'totals':{'grand':true}}", "byRegion"),
                Arguments.of("{'levels':['geo.region'],'measures':['units','orders']}", "byRegionYear"),
                Arguments.of("{'levels':['geo.region','time.year'],'measures':['revenue','avgQty','avgPrice','maxPrice','orders'],"
                        + "'totals':{'grand':true,'subtotals':['geo.region']}}", "byRegionYear"),
                Arguments.of("{'levels':['time.year'],'measures':['avgPrice','units'],"
                        + "'filters':{'not':{'level':'geo.region','op':'in','values':['North',null]}}}", "byRegionYear"),
                Arguments.of("{'levels':['time.year'],'measures':['orders'],'totals':{'grand':true},"
                        + "'filters':{'level':'geo.region','op':'eq','value':'Nowhere'}}", "byRegionYear"),
                Arguments.of("{'levels':['product.category'],'measures':['revenue','units'],"
                        + "'filters':{'level':'geo.region','op':'in','values':['North','South']}}", "wide"),
                Arguments.of("{'levels':['geo.city'],'measures':['units','orders'],"
                        + "'having':{'measure':'units','op':'gt','value':5}}", "wide"),
                Arguments.of("{'levels':['geo.city'],'measures':['revenue'],'order':[{'by':'revenue','dir':'desc'}],"
                        + "'limit':3,'offset':1}", "wide"),
                Arguments.of("{'levels':['product.category','geo.region'],'measures':['maxPrice','avgQty'],"
                        + "'totals':{'grand':true,'subtotals':['product.category']},"
                        + "'filters':{'or':[{'level':'time.year','op':'eq','value':2024},{'level':'geo.city','op':'isNull'}]}}",
                        "wide"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("covered")
    void aCoveredQueryIsAnsweredFromTheSmallestCoveringAggregateWithTheFactsAnswer(String body, String aggregate) {
        JsonNode explained = explain(body, null);
        assertThat(explained.path("answeredFrom").asText()).isEqualTo("_agg_orders_" + aggregate);
        assertThat(explained.path("aggregates").path(aggregate).asText()).startsWith("answers");
        List<List<String>> fromFacts = answer(ANN, "plain", body);
        assertThat(answer(ANN, "orders", body)).isEqualTo(fromFacts).isNotEmpty();
    }

    @Test
    void aCsvExportOfACoveredQueryIsTheFactsExport() {
        String body = "{'levels':['geo.region','time.year'],'measures':['revenue','avgPrice','orders'],'totals':{'grand':true}}";
        HttpResponse<String> fromAggregate = client.send("POST", "/api/v1/cubes/orders/query", q(body), "Authorization", ANN,
                "Accept", "text/csv");
        HttpResponse<String> fromFacts = client.send("POST", "/api/v1/cubes/plain/query", q(body), "Authorization", ANN,
                "Accept", "text/csv");
        assertThat(fromAggregate.statusCode()).as(fromAggregate.body()).isEqualTo(200);
        assertThat(fromAggregate.body()).isEqualTo(fromFacts.body()).contains("revenue");
    }

    @Test
    void theSmallestCoveringAggregateIsChosenAndTheLargerOnesSaySo() {
        JsonNode explained = explain("{'levels':['geo.region'],'measures':['orders']}", null);
        assertThat(explained.path("answeredFrom").asText()).isEqualTo("_agg_orders_byRegion");
        assertThat(explained.path("aggregates").path("byRegionYear").asText()).startsWith("covers the query but is larger");
        assertThat(explained.path("aggregates").path("wide").asText()).startsWith("covers the query but is larger");
        assertThat(explained.path("sql").asText()).contains("FROM \"_agg_orders_byRegion\"").doesNotContain("JOIN");
    }

    /** Time granularity and ranges, period calculations, ranks, shares and top, over an aggregate's cells. */
    static Stream<Arguments> analytics() {
        String firstHalf2024 = "'dateRange':{'from':'2024-01-01','to':'2024-06-30'}";
        return Stream.of(
                Arguments.of("{'levels':['time.date'],'measures':['revenue','orders'],"
                        + "'time':{'level':'time.date','granularity':'month'}}", "byDate"),
                Arguments.of("{'levels':['time.date'],'measures':['units'],'time':{'level':'time.date','granularity':'quarter',"
                        + "'dateRange':{'from':'2023-04-01','to':'2024-03-31'}}}", "byDate"),
                Arguments.of("{'levels':['time.date'],'measures':['revenue'],'time':{'level':'time.date','granularity':'month',"
                        + firstHalf2024 + ",'fill':true},'calculations':["
                        + "{'name':'prev','type':'previousPeriod','measure':'revenue','show':'difference'},"
                        + "{'name':'ytd','type':'running','measure':'revenue','along':'time.date','reset':'year'}]}", "byDate"),
                Arguments.of("{'levels':['geo.region'],'measures':['revenue'],'calculations':["
                        + "{'name':'r','type':'rank','measure':'revenue','dir':'desc'},"
                        + "{'name':'s','type':'share','measure':'revenue','of':'grandTotal'}]}", "byRegion"),
                Arguments.of("{'levels':['geo.region','time.year'],'measures':['revenue'],"
                        + "'top':{'n':1,'by':'revenue','dir':'desc','within':'geo.region','others':true}}", "byRegionYear"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("analytics")
    void analyticsOverACoveringAggregateGiveTheFactsAnswer(String body, String aggregate) {
        assertThat(explain(body, null).path("answeredFrom").asText()).isEqualTo("_agg_orders_" + aggregate);
        assertThat(answer(ANN, "orders", body)).isEqualTo(answer(ANN, "plain", body)).isNotEmpty();
    }

    @Test
    void aDateRangeNeedsTheTimeLevelInTheAggregate() {
        String body = "{'levels':['geo.region'],'measures':['orders'],"
                + "'time':{'level':'time.date','dateRange':{'from':'2024-01-01','to':'2024-06-30'}}}";
        JsonNode explained = explain(body, null);
        assertThat(explained.path("answeredFrom").isNull()).as(explained.toString()).isTrue();
        assertThat(explained.path("aggregates").path("byRegionYear").asText()).contains("lacks level 'time.date'");
        assertThat(answer(ANN, "orders", body)).isEqualTo(answer(ANN, "plain", body)).isNotEmpty();
    }

    static Stream<Arguments> notCovered() {
        return Stream.of(
                Arguments.of("{'levels':['geo.region'],'measures':['buyers']}", "distinct count"),
                Arguments.of("{'levels':['customer.customer'],'measures':['orders']}",
                        "lacks level 'customer.customer' (a level of the query)"),
                Arguments.of("{'levels':['geo.region'],'measures':['orders'],"
                        + "'filters':{'level':'size.quantity','op':'gt','value':2}}",
                        "lacks level 'size.quantity' (tested by the filters)"),
                Arguments.of("{'levels':['geo.region'],'measures':['orders'],'totals':{'subtotals':['geo.region']},"
                        + "'filters':{'level':'order.id','op':'lt','value':10}}", "lacks level 'order.id' (tested by the filters)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("notCovered")
    void aQueryNoAggregateCoversReadsTheFactsAndExplainSaysWhy(String body, String why) {
        JsonNode explained = explain(body, null);
        assertThat(explained.path("answeredFrom").isNull()).as(explained.toString()).isTrue();
        assertThat(explained.path("aggregates").path("byRegionYear").asText()).contains(why);
        assertThat(explained.path("sql").asText()).contains("FROM \"orders\"");
        assertThat(answer(ANN, "orders", body)).isEqualTo(answer(ANN, "plain", body));
    }

    @Test
    void aRestrictionOnAnAggregatesLevelIsAppliedToItsRowsAndOneOnAnotherLevelReadsTheFacts() {
        String body = "{'levels':['time.year'],'measures':['orders','revenue','avgQty'],'totals':{'grand':true}}";
        assertThat(explain(body, "ROLE_NORTH_EAST").path("answeredFrom").asText()).isEqualTo("_agg_orders_byRegionYear");
        List<List<String>> restricted = answer(RITA, "orders", body);
        assertThat(restricted).isEqualTo(answer(RITA, "plain", body)).isNotEqualTo(answer(ANN, "orders", body));

        JsonNode alice = explain(body, "ROLE_ALICE");
        assertThat(alice.path("answeredFrom").isNull()).isTrue();
        assertThat(alice.path("aggregates").path("byRegionYear").asText())
                .isEqualTo("lacks level 'customer.customer' (tested by the user's restriction)");
    }

    @Test
    void theAdminViewAndMetricsShowEachAggregatesLastBuild() {
        JsonNode list = ok(client.as(ADMIN, "GET", "/api/v1/admin/aggregates", null));
        assertThat(list).hasSize(4);
        JsonNode byRegion = list.get(0);
        assertThat(byRegion.path("name").asText()).isEqualTo("byRegion");
        assertThat(byRegion.path("built").asBoolean()).isTrue();
        assertThat(byRegion.path("lastBuild").path("rows").asLong()).isEqualTo(
                answer(ANN, "plain", "{'levels':['geo.region'],'measures':['orders']}").size());
        assertThat(byRegion.path("lastBuild").path("buildMs").asLong()).isNotNegative();
        assertThat(client.as(ANN, "GET", "/api/v1/admin/aggregates", null).statusCode()).isEqualTo(403);
        JsonNode gauges = json(adminPort().get("/metrics")).path("gauges");
        assertThat(gauges.path("tessera.aggregate.orders.byRegion.rows").path("value").asLong())
                .isEqualTo(byRegion.path("lastBuild").path("rows").asLong());
    }

    TestClient adminPort() {
        return new TestClient("http://127.0.0.1:" + APP.getAdminPort());
    }

    /** Once a reload is acknowledged, every answer from an aggregate is the new data's. */
    @Test
    void aReloadRebuildsTheAggregatesBeforeItIsAcknowledged() throws IOException {
        String body = "{'levels':['geo.region'],'measures':['orders','units'],'totals':{'grand':true}}";
        List<List<String>> before = answer(ANN, "orders", body);
        long version = ok(client.as(ADMIN, "GET", "/api/v1/admin/aggregates", null)).get(0).path("lastBuild")
                .path("dataVersion").asLong();
        List<String> lines = Files.readAllLines(DATA);
        try {
            Files.write(DATA, lines.subList(0, 21)); // the header and 20 of the 40 orders
            ok(client.as(ADMIN, "POST", "/api/v1/admin/engines/default/reload", null));
            List<List<String>> after = answer(ANN, "orders", body);
            assertThat(after).isNotEqualTo(before).isEqualTo(answer(ANN, "plain", body));
            assertThat(ok(client.as(ADMIN, "GET", "/api/v1/admin/aggregates", null)).get(0).path("lastBuild")
                    .path("dataVersion").asLong()).isGreaterThan(version);
        } finally {
            Files.write(DATA, lines);
            ok(client.as(ADMIN, "POST", "/api/v1/admin/engines/default/reload", null));
        }
        assertThat(answer(ANN, "orders", body)).isEqualTo(before);
    }
}
