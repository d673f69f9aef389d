package dev.tessera.server.cubes;

import static dev.tessera.server.cubes.CubeQueryIT.F;
import static dev.tessera.server.cubes.CubeTesting.ADMIN;
import static dev.tessera.server.cubes.CubeTesting.auth;
import static dev.tessera.server.cubes.CubeTesting.ok;
import static dev.tessera.server.cubes.CubeTesting.pointers;
import static dev.tessera.server.cubes.CubeTesting.problem;
import static dev.tessera.server.cubes.CubeTesting.q;
import static dev.tessera.server.cubes.CubeTesting.rows;
import static dev.tessera.server.cubes.CubeTesting.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TesseraTestApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ranking ({@code rank}, {@code top}) and shares over HTTP on the running app, each answer checked against the same
 * question asked of a separate DuckDB in hand-written window SQL over the same CSV files: ties, ranks and tops per
 * group, the others row, shares of the grand total, of the parent and of a level, shares under a restriction, CSV,
 * explain, and every bad input as a 422 with its pointer. {@link TrinoCubeRankingIT} runs every test again on Trino.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CubeRankingIT extends OracleCubeIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("cube-it-config.yml");
    static final String RITA = auth("rita");

    @BeforeAll
    static void setUp() {
        connect(APP);
    }

    /** The client on this app, its users, and the oracle DuckDB; {@link TrinoCubeRankingIT} calls it with its app. */
    static void connect(DropwizardAppExtension<TesseraConfiguration> app) {
        open(app, "rita", "orders", "products", "atoti");
    }

    static HttpResponse<String> query(String body) {
        return CubeTesting.query(client, RITA, "orders", body);
    }

    // ---- rank ----

    @Test
    void rankGivesTiedCellsOneRankAndSkipsTheNext() {
        JsonNode answer = ok(query("{'levels':['customer.customer'],'measures':['orders','revenue'],'calculations':["
                + "{'name':'busiest','type':'rank','measure':'orders'},"
                + "{'name':'cheapest','type':'rank','measure':'revenue','dir':'asc'}]}"));
        assertThat(answer.path("columns").get(3).toString()).isEqualTo(q("{'name':'busiest','kind':'measure','type':'int'}"));
        assertThat(rows(answer)).isEqualTo(sql(duck, "SELECT customer, count(*), sum(quantity * dprice),"
                + " RANK() OVER (ORDER BY count(*) DESC NULLS LAST), RANK() OVER (ORDER BY sum(quantity * dprice) ASC NULLS LAST)"
                + " FROM " + F + " GROUP BY customer ORDER BY customer NULLS LAST"));
        // Eve has 7 orders; Bob and Frank 5 each share rank 2; Albert and Carla, next with 4, are 4th, not 3rd.
        assertThat(rankOf(answer, "Eve \"The\" Quote")).isEqualTo(1);
        assertThat(List.of(rankOf(answer, "Bob"), rankOf(answer, "Frank"), rankOf(answer, "Albert"), rankOf(answer, "Carla")))
                .containsExactly(2, 2, 4, 4);
    }

    private static int rankOf(JsonNode answer, String customer) {
        for (JsonNode row : answer.path("rows")) {
            if (row.get(0).asText().equals(customer)) {
                return row.get(3).asInt();
            }
        }
        throw new AssertionError("no row for " + customer);
    }

    @Test
    void rankWithinRanksEachGroupOnItsOwn() {
        JsonNode answer = ok(query("{'levels':['geo.region','product.category'],'measures':['units'],'calculations':["
                + "{'name':'unitsRank','type':'rank','measure':'units','within':'geo.region'}]}"));
        List<List<String>> expected = sql(duck, "SELECT region, category, sum(quantity),"
                + " RANK() OVER (PARTITION BY region ORDER BY sum(quantity) DESC NULLS LAST)"
                + " FROM " + F + " GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST");
        assertThat(expected).hasSizeBetween(10, 25);
        assertThat(rows(answer)).isEqualTo(expected);
    }

    @Test
    void aCalculationOrdersAndPagesTheAnswerAndFiltersComeFirst() {
        JsonNode answer = ok(query("{'levels':['customer.customer'],'measures':['revenue'],"
                + "'filters':{'level':'time.year','op':'eq','value':2024},'having':{'measure':'revenue','op':'gt','value':20},"
                + "'calculations':[{'name':'revRank','type':'rank','measure':'revenue'}],"
                + "'order':[{'by':'revRank','dir':'asc'}],'limit':3,'offset':1}"));
        List<List<String>> all = sql(duck, "SELECT customer, sum(quantity * dprice), RANK() OVER (ORDER BY sum(quantity * dprice)"
                + " DESC NULLS LAST) FROM " + F + " WHERE year(order_date) = 2024 GROUP BY customer"
                + " HAVING sum(quantity * dprice) > 20 ORDER BY 3 ASC NULLS LAST, 1 ASC NULLS LAST");
        assertThat(all).hasSizeGreaterThan(4);
        assertThat(rows(answer)).isEqualTo(all.subList(1, 4));
        assertThat(answer.path("page").path("truncated").asBoolean()).isTrue();
    }

    @Test
    void explainShowsTheCellsAndTheWindowsAndAPlainQueryIsUnchanged() {
        String ranked = q("{'levels':['geo.region'],'measures':['revenue'],"
                + "'calculations':[{'name':'revRank','type':'rank','measure':'revenue'}]}");
        String sqlText = ok(client.as(ADMIN, "POST", "/api/v1/cubes/orders/query/explain", ranked)).path("sql").asText();
        assertThat(sqlText).startsWith("WITH \"cells\" AS (SELECT").contains("RANK() OVER (ORDER BY \"revenue\" DESC NULLS LAST)");
        String plain = ok(client.as(ADMIN, "POST", "/api/v1/cubes/orders/query/explain",
                q("{'levels':['geo.region'],'measures':['revenue']}"))).path("sql").asText();
        assertThat(plain).startsWith("SELECT").doesNotContain("WITH", "OVER");
    }

    @Test
    void csvCarriesTheCalculatedColumns() {
        HttpResponse<String> csv = client.send("POST", "/api/v1/cubes/orders/query", q("{'levels':['geo.region'],"
                + "'measures':['orders'],'calculations':[{'name':'ordersRank','type':'rank','measure':'orders'}]}"),
                "Authorization", RITA, "Accept", "text/csv");
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        List<List<String>> expected = sql(duck, "SELECT coalesce(region, ''), count(*), RANK() OVER (ORDER BY count(*) DESC)"
                + " FROM " + F + " GROUP BY region ORDER BY region NULLS LAST");
        StringBuilder text = new StringBuilder("geo.region,orders,ordersRank\r\n");
        expected.forEach(row -> text.append(String.join(",", row)).append("\r\n"));
        assertThat(csv.body()).isEqualTo(text.toString());
    }

    // ---- top ----

    @Test
    void topPerGroupKeepsNCellsEachWithTiesAtTheCutBrokenByTheLevels() {
        JsonNode answer = ok(query("{'levels':['geo.region','customer.customer'],'measures':['orders'],"
                + "'top':{'n':1,'by':'orders','within':'geo.region'}}"));
        assertThat(rows(answer)).isEqualTo(sql(duck, "SELECT region, customer, o FROM (SELECT region, customer, count(*) o,"
                + " ROW_NUMBER() OVER (PARTITION BY region ORDER BY count(*) DESC NULLS LAST, customer ASC NULLS LAST) rn"
                + " FROM " + F + " GROUP BY 1, 2) WHERE rn <= 1 ORDER BY region NULLS LAST, o DESC NULLS LAST, customer NULLS LAST"));
        // In the East, Frank and O'Brien both have 2 orders: the tie falls to the first name, so one row, Frank's.
        assertThat(rows(answer)).contains(List.of("East", "Frank", "2")).doesNotContain(List.of("East", "O'Brien, Pat", "2"));
    }

    @Test
    void bottomNOverallWithOthersSumsTheCellsThatWereCut() {
        JsonNode answer = ok(query("{'levels':['customer.customer'],'measures':['orders','revenue'],"
                + "'top':{'n':3,'by':'revenue','dir':'asc','others':true}}"));
        assertThat(answer.path("columns").get(3).toString()).isEqualTo(q("{'name':'_others','kind':'grouping','type':'boolean'}"));
        List<List<String>> expected = sql(duck, "WITH c AS (SELECT customer, count(*) o, sum(quantity * dprice) r,"
                + " ROW_NUMBER() OVER (ORDER BY sum(quantity * dprice) ASC NULLS LAST, customer ASC NULLS LAST) rn FROM " + F
                + " GROUP BY 1) SELECT customer, o, r, false FROM c WHERE rn <= 3"
                + " UNION ALL SELECT NULL, sum(o), sum(r), true FROM c WHERE rn > 3 ORDER BY 4, 3 ASC NULLS LAST, 1 NULLS LAST");
        assertThat(rows(answer)).hasSize(4).isEqualTo(expected);
        long orders = 0;
        for (JsonNode row : answer.path("rows")) {
            orders += row.get(1).asLong();
        }
        assertThat(orders).as("the kept cells and the others row hold every order once").isEqualTo(40);
    }

    @Test
    void topPerGroupWithOthersAndCalculationsOnTheKeptCells() {
        JsonNode answer = ok(query("{'levels':['geo.region','product.category'],'measures':['units'],"
                + "'calculations':[{'name':'unitsRank','type':'rank','measure':'units','within':'geo.region'}],"
                + "'top':{'n':1,'by':'units','within':'geo.region','others':true}}"));
        assertThat(rows(answer)).isEqualTo(sql(duck, "WITH c AS (SELECT region, category, sum(quantity) u,"
                + " RANK() OVER (PARTITION BY region ORDER BY sum(quantity) DESC NULLS LAST) rk,"
                + " ROW_NUMBER() OVER (PARTITION BY region ORDER BY sum(quantity) DESC NULLS LAST, category ASC NULLS LAST) rn"
                + " FROM " + F + " GROUP BY 1, 2)"
                + " SELECT region, category, u, rk, false FROM c WHERE rn <= 1"
                + " UNION ALL SELECT region, NULL, sum(u), NULL, true FROM c WHERE rn > 1 GROUP BY region"
                + " ORDER BY 1 NULLS LAST, 5, 3 DESC NULLS LAST, 2 NULLS LAST"));
    }

    @Test
    void badTopsAre422AtTheirPointer() {
        JsonNode top = problem(query("{'levels':['geo.region'],'measures':['revenue','avgQty'],"
                + "'top':{'n':0,'by':'units','dir':'down','within':'geo.city','others':true}}"), 422);
        assertThat(pointers(top)).containsExactly("/top/n", "/top/by", "/top/dir", "/top/within", "/top/others");
        assertThat(top.path("errors").get(4).path("detail").asText()).contains("avgQty", "avg", "sum or count");
        JsonNode formula = problem(query("{'levels':['geo.region'],'measures':['avgPrice'],"
                + "'top':{'n':2,'by':'avgPrice','others':true}}"), 422);
        assertThat(formula.path("errors").get(0).path("detail").asText()).contains("avgPrice", "formula");
    }

    // ---- share ----

    @Test
    void sharesOfTheGrandTotalOfTheParentAndOfALevel() {
        JsonNode answer = ok(query("{'levels':['geo.region','geo.city','time.year'],'measures':['units'],'calculations':["
                + "{'name':'ofParent','type':'share','measure':'units','of':'parent'},"
                + "{'name':'ofRegion','type':'share','measure':'units','of':'geo.region'},"
                + "{'name':'ofAll','type':'share','measure':'units'}]}"));
        List<List<String>> expected = sql(duck, "SELECT region, city, year(order_date), sum(quantity),"
                + " CAST(sum(quantity) AS DOUBLE) / sum(sum(quantity)) OVER (PARTITION BY region, year(order_date)),"
                + " CAST(sum(quantity) AS DOUBLE) / sum(sum(quantity)) OVER (PARTITION BY region),"
                + " CAST(sum(quantity) AS DOUBLE) / sum(sum(quantity)) OVER ()"
                + " FROM " + F + " GROUP BY 1, 2, 3 ORDER BY 1 NULLS LAST, 2 NULLS LAST, 3 NULLS LAST");
        assertThat(expected).hasSizeBetween(10, 25);
        assertThat(rows(answer)).isEqualTo(expected);
        assertThat(answer.path("columns").get(4).path("type").asText()).isEqualTo("double");
        assertThat(answer.path("columns").get(6).path("note").asText()).contains("grand total", "visible");
        double sum = 0;
        for (JsonNode row : answer.path("rows")) {
            sum += row.get(6).asDouble();
        }
        assertThat(sum).isCloseTo(1.0, offset(1e-9));
    }

    @Test
    void aRestrictedUsersSharesAddUpToOneOverTheirOwnViewAndTheAnswerSaysSo() {
        HttpResponse<String> put = client.as(ADMIN, "PUT", "/api/v1/admin/restrictions/ROLE_RANK_EUROPE",
                q("{'sales':{'geo.continent':['Europe']}}"));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        CubeTesting.createUser(client, "erik", "ROLE_USER", "ROLE_RANK_EUROPE");
        String body = q("{'levels':['geo.country'],'measures':['amount'],"
                + "'calculations':[{'name':'amountShare','type':'share','measure':'amount'}]}");
        JsonNode erik = ok(client.as(auth("erik"), "POST", "/api/v1/cubes/sales/query", body));
        // Europe's four facts: 300, 400, 500, 600 of a visible total of 1,800 (Asia's 300 is not theirs to see).
        assertThat(rows(erik)).isEqualTo(sql(duck, "SELECT country, sum(amount), sum(amount) / 1800.0 FROM atoti"
                + " WHERE continent = 'Europe' GROUP BY country ORDER BY country"));
        assertThat(erik.path("columns").get(2).path("note").asText()).contains("visible", "restricted", "add up to 1");
        JsonNode admin = ok(client.as(ADMIN, "POST", "/api/v1/cubes/sales/query", body));
        assertThat(rows(admin)).isEqualTo(sql(duck, "SELECT country, sum(amount), sum(amount) / 2100.0 FROM atoti"
                + " GROUP BY country ORDER BY country"));
        assertThat(admin.path("columns").get(2).path("note").asText()).contains("every row is visible").doesNotContain("restricted");
    }

    @Test
    void badSharesAre422AtTheirPointer() {
        JsonNode share = problem(query("{'levels':['geo.region','time.year'],'measures':['units','avgQty'],'calculations':["
                + "{'name':'a','type':'share','measure':'avgQty'},{'name':'b','type':'share','measure':'units','of':'parent'},"
                + "{'name':'c','type':'share','measure':'units','of':'geo.city'},"
                + "{'name':'d','type':'share','measure':'units','dir':'asc'}]}"), 422);
        assertThat(pointers(share)).containsExactly("/calculations/0/measure", "/calculations/1/of", "/calculations/2/of",
                "/calculations/3/dir");
        assertThat(share.path("errors").get(0).path("detail").asText()).contains("avgQty", "sum or count");
        assertThat(share.path("errors").get(1).path("detail").asText()).contains("parent", "geo.region", "time.year");
        assertThat(share.path("errors").get(2).path("detail").asText()).contains("geo.city", "grandTotal", "parent");
    }

    // ---- Arrow ----

    @Test
    void arrowCarriesTheCalculatedColumnsTheirKindAndTheShareNote() throws Exception {
        String body = q("{'levels':['geo.region'],'measures':['units'],'calculations':["
                + "{'name':'unitsRank','type':'rank','measure':'units'},{'name':'unitsShare','type':'share','measure':'units'}],"
                + "'top':{'n':2,'by':'units','others':true}}");
        JsonNode json = ok(client.as(RITA, "POST", "/api/v1/cubes/orders/query", body));
        byte[] arrow = CubeTesting.arrowStream(client, RITA, "orders", body);
        try (RootAllocator allocator = new RootAllocator();
             ArrowStreamReader reader = new ArrowStreamReader(
                     new ByteArrayInputStream(arrow), allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            assertThat(reader.loadNextBatch()).isTrue();
            List<Field> fields = root.getSchema().getFields();
            assertThat(fields.stream().map(Field::getName).toList())
                    .containsExactly("geo.region", "units", "unitsRank", "unitsShare", "_others");
            assertThat(fields.get(2).getMetadata()).containsEntry("tessera.kind", "measure").containsEntry("tessera.type", "int");
            assertThat(fields.get(3).getMetadata().get("tessera.note")).contains("visible");
            assertThat(fields.get(4).getMetadata()).containsEntry("tessera.type", "boolean");
            List<List<String>> cells = new ArrayList<>();
            for (int r = 0; r < root.getRowCount(); r++) {
                List<String> row = new ArrayList<>();
                for (FieldVector v : root.getFieldVectors()) {
                    row.add(CubeTesting.cell(v.getObject(r)));
                }
                cells.add(row);
            }
            assertThat(cells).isEqualTo(rows(json)).hasSize(3);
        }
    }

    @Test
    void theOpenApiDocumentDescribesCalculationsAndTop() {
        JsonNode schemas = ok(client.as(ADMIN, "GET", "/api/v1/openapi.json", null)).path("components").path("schemas");
        assertThat(schemas.path("CubeQuery").path("properties").has("calculations")).isTrue();
        assertThat(schemas.path("CubeQuery").path("properties").has("top")).isTrue();
        List<String> calculationKeys = new ArrayList<>();
        schemas.path("CalculationItem").path("properties").fieldNames().forEachRemaining(calculationKeys::add);
        assertThat(calculationKeys).contains("name", "type", "measure", "dir", "within", "of");
        List<String> topKeys = new ArrayList<>();
        schemas.path("Top").path("properties").fieldNames().forEachRemaining(topKeys::add);
        assertThat(topKeys).containsExactlyInAnyOrder("n", "by", "dir", "within", "others");
        assertThat(schemas.path("ColumnDescriptor").path("properties").has("note")).isTrue();
    }

    // ---- bad input ----

    @Test
    void badCalculationsAre422AtTheirPointerNamingWhatExists() {
        JsonNode clash = problem(query("{'levels':['geo.region'],'measures':['revenue'],'calculations':["
                + "{'name':'units','type':'rank','measure':'revenue'},{'name':'geo.city','type':'rank','measure':'revenue'},"
                + "{'name':'r','type':'rank','measure':'revenue'},{'name':'r','type':'rank','measure':'revenue'},"
                + "{'name':'_x','type':'rank','measure':'revenue'},{'type':'rank','measure':'revenue'}]}"), 422);
        assertThat(pointers(clash)).containsExactly("/calculations/0/name", "/calculations/1/name", "/calculations/3/name",
                "/calculations/4/name", "/calculations/5/name");
        assertThat(clash.path("errors").get(0).path("detail").asText()).contains("units", "already a level or measure");

        JsonNode type = problem(query("{'levels':['geo.region'],'measures':['revenue'],'calculations':["
                + "{'name':'a','type':'median','measure':'revenue'},{'name':'b','measure':'revenue'}]}"), 422);
        assertThat(pointers(type)).containsExactly("/calculations/0/type", "/calculations/1/type");
        assertThat(type.path("errors").get(0).path("detail").asText()).contains("median", "rank", "share");

        JsonNode names = problem(query("{'levels':['geo.region'],'measures':['revenue'],'calculations':["
                + "{'name':'a','type':'rank','measure':'units'},{'name':'b','type':'rank','measure':'revenue','within':'geo.city'},"
                + "{'name':'c','type':'rank','measure':'revenue','dir':'up'},{'name':'d','type':'rank','measure':'revenue','periods':3}]}"),
                422);
        assertThat(pointers(names)).containsExactly("/calculations/0/measure", "/calculations/1/within", "/calculations/2/dir",
                "/calculations/3/periods");
        assertThat(names.path("errors").get(0).path("detail").asText()).contains("units", "revenue");
        assertThat(names.path("errors").get(1).path("detail").asText()).contains("geo.city", "geo.region");
        assertThat(names.path("errors").get(3).path("detail").asText()).contains("dir", "measure", "within");

        JsonNode totals = problem(query("{'levels':['geo.region'],'measures':['revenue'],'totals':{'grand':true},"
                + "'calculations':[{'name':'a','type':'rank','measure':'revenue'}]}"), 422);
        assertThat(pointers(totals)).containsExactly("/totals");

        JsonNode order = problem(query("{'levels':['geo.region'],'measures':['revenue'],'order':[{'by':'nope'}],"
                + "'calculations':[{'name':'a','type':'rank','measure':'revenue'}]}"), 422);
        assertThat(pointers(order)).containsExactly("/order/0/by");
        assertThat(order.path("errors").get(0).path("detail").asText()).contains("nope", "revenue", "a");

        JsonNode unknownKey = problem(query("{'levels':['geo.region'],'measures':['revenue'],"
                + "'calculations':[{'name':'a','type':'rank','measure':'revenue','bogus':1}]}"), 400);
        assertThat(unknownKey.path("detail").asText()).contains("bogus");
    }
}
