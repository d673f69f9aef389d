package dev.tessera.server.cubes;

import static dev.tessera.server.cubes.CubeTesting.ADMIN;
import static dev.tessera.server.cubes.CubeTesting.auth;
import static dev.tessera.server.cubes.CubeTesting.cell;
import static dev.tessera.server.cubes.CubeTesting.ok;
import static dev.tessera.server.cubes.CubeTesting.pointers;
import static dev.tessera.server.cubes.CubeTesting.problem;
import static dev.tessera.server.cubes.CubeTesting.q;
import static dev.tessera.server.cubes.CubeTesting.rows;
import static dev.tessera.server.cubes.CubeTesting.sql;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TesseraTestApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cube queries over HTTP on the running app, each answer checked against the same question asked of a separate
 * DuckDB in plain, hand-written SQL over the same CSV files: filters, nesting, nulls, having, order and paging,
 * totals, CSV, members, explain, and every bad input as problem+json. {@link TrinoCubeQueryIT} runs every test
 * again with the cubes on Trino.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CubeQueryIT extends OracleCubeIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("cube-it-config.yml");
    static final String ANN = auth("ann");
    /** orders LEFT JOIN products, with the decimal price the cube's price level and revenue use. */
    static final String F = "(SELECT o.*, p.name, p.category, CAST(o.price AS DECIMAL(10,2)) AS dprice "
            + "FROM orders o LEFT JOIN products p ON o.product_id = p.product_id) f";

    @BeforeAll
    static void setUp() {
        connect(APP);
    }

    /** The client on this app, ann created, and the oracle DuckDB; {@link TrinoCubeQueryIT} calls it with its app. */
    static void connect(DropwizardAppExtension<TesseraConfiguration> app) {
        open(app, "ann", "orders", "products");
    }

    /** How the engine's SQL pages: DuckDB writes LIMIT first. */
    String paging() {
        return "LIMIT ? OFFSET ?";
    }

    static HttpResponse<String> query(String cube, String body) {
        return CubeTesting.query(client, ANN, cube, body);
    }

    static HttpResponse<String> csv(String cube, String body) {
        return client.send("POST", "/api/v1/cubes/" + cube + "/query", q(body), "Authorization", ANN, "Accept", "text/csv");
    }

    // ---- filters: every op, nulls, nesting ----

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of("{'level':'geo.region','op':'eq','values':['North']}", "region = 'North'"),
                Arguments.of("{'level':'geo.region','op':'eq','value':'North'}", "region = 'North'"),
                Arguments.of("{'level':'geo.region','op':'eq','values':[null]}", "region IS NULL"),
                Arguments.of("{'level':'geo.region','op':'ne','values':['North']}", "region <> 'North'"),
                Arguments.of("{'level':'geo.region','op':'ne','values':['North'],'nulls':'include'}",
                        "region <> 'North' OR region IS NULL"),
                Arguments.of("{'level':'geo.region','op':'in','values':['North','South']}", "region IN ('North', 'South')"),
                Arguments.of("{'level':'geo.region','op':'in','values':['North',null]}", "region = 'North' OR region IS NULL"),
                Arguments.of("{'level':'geo.region','op':'notIn','values':['North','South']}", "region NOT IN ('North', 'South')"),
                Arguments.of("{'level':'geo.region','op':'notIn','values':['North',null]}",
                        "region <> 'North' AND region IS NOT NULL"),
                Arguments.of("{'level':'geo.region','op':'notIn','values':['North'],'nulls':'include'}",
                        "region <> 'North' OR region IS NULL"),
                Arguments.of("{'level':'size.quantity','op':'gt','value':3}", "quantity > 3"),
                Arguments.of("{'level':'size.quantity','op':'gte','value':3}", "quantity >= 3"),
                Arguments.of("{'level':'size.quantity','op':'lt','value':3}", "quantity < 3"),
                Arguments.of("{'level':'size.quantity','op':'lte','value':3}", "quantity <= 3"),
                Arguments.of("{'level':'size.quantity','op':'lt','value':3,'nulls':'include'}", "quantity < 3 OR quantity IS NULL"),
                Arguments.of("{'level':'size.quantity','op':'between','values':[2,4]}", "quantity >= 2 AND quantity <= 4"),
                Arguments.of("{'level':'time.date','op':'gte','value':'2024-05-01'}", "order_date >= DATE '2024-05-01'"),
                Arguments.of("{'level':'time.date','op':'between','values':['2023-06-01','2023-12-31']}",
                        "order_date >= DATE '2023-06-01' AND order_date <= DATE '2023-12-31'"),
                Arguments.of("{'level':'time.year','op':'eq','value':2024}", "year(order_date) = 2024"),
                Arguments.of("{'level':'price.price','op':'gt','value':30.5}", "dprice > 30.5"),
                Arguments.of("{'level':'price.price','op':'lte','value':15.28}", "dprice <= 15.28"),
                Arguments.of("{'level':'price.price','op':'in','values':[15.28, 22.58]}", "price = 15.28 OR price = 22.58"),
                Arguments.of("{'level':'customer.customer','op':'contains','value':'li'}", "strpos(customer, 'li') > 0"),
                // LIKE wildcards in a value are literal characters.
                Arguments.of("{'level':'customer.customer','op':'contains','value':'%'}", "strpos(customer, '%') > 0"),
                Arguments.of("{'level':'customer.customer','op':'contains','value':'_'}", "strpos(customer, '_') > 0"),
                Arguments.of("{'level':'customer.customer','op':'startsWith','value':'Al'}", "starts_with(customer, 'Al')"),
                Arguments.of("{'level':'customer.customer','op':'startsWith','value':'O\\''}", "starts_with(customer, 'O''')"),
                Arguments.of("{'level':'customer.customer','op':'eq','value':'Eve \\\"The\\\" Quote'}",
                        "customer = 'Eve \"The\" Quote'"),
                Arguments.of("{'level':'geo.region','op':'isNull'}", "region IS NULL"),
                Arguments.of("{'level':'geo.region','op':'isNotNull'}", "region IS NOT NULL"),
                Arguments.of("{'level':'product.category','op':'eq','value':'Toys'}", "category = 'Toys'"),
                Arguments.of("{'level':'product.category','op':'isNull'}", "category IS NULL"),
                Arguments.of("{'and':[{'level':'geo.region','op':'eq','value':'North'},{'level':'size.quantity','op':'gte','value':3}]}",
                        "region = 'North' AND quantity >= 3"),
                Arguments.of("[{'level':'geo.region','op':'in','values':['North','West']},{'level':'time.year','op':'eq','value':2023}]",
                        "region IN ('North', 'West') AND year(order_date) = 2023"),
                Arguments.of("{'or':[{'and':[{'level':'geo.region','op':'eq','value':'North'},"
                                + "{'level':'size.quantity','op':'gte','value':3}]},"
                                + "{'not':{'level':'geo.region','op':'notIn','values':['South']}}]}",
                        "(region = 'North' AND quantity >= 3) OR NOT (region NOT IN ('South'))"),
                Arguments.of("{'not':{'level':'geo.region','op':'eq','value':'North'}}", "NOT (region = 'North')"),
                Arguments.of("{'not':{'or':[{'level':'product.category','op':'eq','value':'Toys'},"
                                + "{'level':'customer.customer','op':'isNull'}]}}",
                        "NOT (category = 'Toys' OR customer IS NULL)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("filters")
    void everyFilterSelectsTheRowsThePlainSqlPredicateSelects(String filter, String where) {
        List<List<String>> expected = sql(duck, "SELECT count(*), sum(quantity), sum(quantity * dprice) FROM " + F
                + " WHERE " + where);
        long matching = Long.parseLong(expected.get(0).get(0));
        assertThat(matching).as("the test data makes this filter select some rows but not all").isBetween(1L, 39L);

        JsonNode answer = ok(query("orders", "{'measures':['orders','units','revenue'],'filters':" + filter + "}"));
        assertThat(rows(answer)).isEqualTo(expected);
    }

    @Test
    void aFilterMatchingNothingIsAnEmptyAnswerNotAnError() {
        JsonNode answer = ok(query("orders", "{'levels':['geo.region'],'measures':['orders'],"
                + "'filters':{'level':'customer.customer','op':'eq','value':'Nobody'}}"));
        assertThat(answer.path("rows").size()).isZero();
        assertThat(answer.path("page").path("returned").asInt()).isZero();
        assertThat(answer.path("page").path("truncated").asBoolean()).isFalse();
    }

    @Test
    void groupedAnswerHasTypedColumnsAndTheRowsOfTheSql() {
        JsonNode answer = ok(query("orders", "{'levels':['time.year','product.category'],"
                + "'measures':['orders','units','revenue','buyers','avgQty','maxPrice','avgPrice']}"));
        assertThat(answer.path("columns").toString()).isEqualTo(q("[{'name':'time.year','kind':'level','type':'int'},"
                + "{'name':'product.category','kind':'level','type':'string'},{'name':'orders','kind':'measure','type':'int'},"
                + "{'name':'units','kind':'measure','type':'int'},{'name':'revenue','kind':'measure','type':'decimal'},"
                + "{'name':'buyers','kind':'measure','type':'int'},{'name':'avgQty','kind':'measure','type':'double'},"
                + "{'name':'maxPrice','kind':'measure','type':'double'},{'name':'avgPrice','kind':'measure','type':'double'}]"));
        assertThat(rows(answer)).isEqualTo(sql(duck, "SELECT year(order_date), category, count(*), sum(quantity), "
                + "sum(quantity * dprice), count(DISTINCT customer), avg(quantity), max(price), "
                + "CAST(sum(quantity * dprice) AS DOUBLE) / sum(quantity) FROM " + F
                + " GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST"));
        assertThat(answer.path("stats").path("elapsedMs").isIntegralNumber()).isTrue();
        // Dates come back as ISO text.
        JsonNode dates = ok(query("orders", "{'levels':['time.date'],'measures':['orders'],'limit':1}"));
        assertThat(dates.path("rows").get(0).get(0).asText()).isEqualTo("2023-01-13");
    }

    // ---- having ----

    @Test
    void havingFiltersGroupsAfterAggregation() {
        JsonNode answer = ok(query("orders", "{'levels':['geo.region'],'measures':['units','orders'],"
                + "'having':[{'measure':'units','op':'gt','value':20}]}"));
        List<List<String>> expected = sql(duck, "SELECT region, sum(quantity), count(*) FROM " + F
                + " GROUP BY region HAVING sum(quantity) > 20 ORDER BY region NULLS LAST");
        assertThat(expected).hasSizeBetween(1, 4);
        assertThat(rows(answer)).isEqualTo(expected);
    }

    @Test
    void measureConditionsInFiltersGoToHavingAndLevelConditionsToWhere() {
        JsonNode answer = ok(query("orders", "{'levels':['customer.customer'],'measures':['orders','revenue'],"
                + "'filters':{'and':[{'level':'geo.region','op':'isNotNull'},{'measure':'orders','op':'gte','value':3}]},"
                + "'having':{'measure':'revenue','op':'between','values':[50, 400.5]}}"));
        List<List<String>> expected = sql(duck, "SELECT customer, count(*), sum(quantity * dprice) FROM " + F
                + " WHERE region IS NOT NULL GROUP BY customer"
                + " HAVING count(*) >= 3 AND sum(quantity * dprice) BETWEEN 50 AND 400.5 ORDER BY customer NULLS LAST");
        assertThat(expected).isNotEmpty();
        assertThat(rows(answer)).isEqualTo(expected);
    }

    // ---- order, limit, offset, row cap ----

    @Test
    void orderLimitAndOffsetPageThroughTheSortedGroups() {
        String sqlOrder = "SELECT customer, sum(quantity * dprice) FROM " + F
                + " GROUP BY customer ORDER BY 2 DESC NULLS LAST, 1 ASC NULLS LAST";
        List<List<String>> all = sql(duck, sqlOrder);
        assertThat(all).hasSize(11);

        JsonNode page = ok(query("orders", "{'levels':['customer.customer'],'measures':['revenue'],"
                + "'order':[{'by':'revenue','dir':'desc'}],'limit':3,'offset':2}"));
        assertThat(rows(page)).isEqualTo(all.subList(2, 5));
        assertThat(page.path("page").toString()).isEqualTo(q("{'limit':3,'offset':2,'returned':3,'truncated':true}"));

        JsonNode last = ok(query("orders", "{'levels':['customer.customer'],'measures':['revenue'],"
                + "'order':[{'by':'revenue','dir':'desc'}],'limit':3,'offset':9}"));
        assertThat(rows(last)).isEqualTo(all.subList(9, 11));
        assertThat(last.path("page").toString()).isEqualTo(q("{'limit':3,'offset':9,'returned':2,'truncated':false}"));

        JsonNode byLevel = ok(query("orders", "{'levels':['geo.region','size.quantity'],'measures':['orders'],"
                + "'order':[{'by':'geo.region','dir':'desc'},{'by':'orders','dir':'desc'}]}"));
        assertThat(rows(byLevel)).isEqualTo(sql(duck, "SELECT region, quantity, count(*) FROM " + F
                + " GROUP BY 1, 2 ORDER BY 1 DESC NULLS LAST, 3 DESC NULLS LAST, 2 ASC NULLS LAST"));
    }

    @Test
    void pastTheRowCapTheAnswerSaysTruncatedAndALargerLimitIsRefused() {
        JsonNode capped = ok(query("orders", "{'levels':['order.id'],'measures':['orders']}"));
        assertThat(capped.path("page").toString()).isEqualTo(q("{'limit':25,'offset':0,'returned':25,'truncated':true}"));
        assertThat(cell(capped.path("rows").get(24).get(0))).isEqualTo("25");

        JsonNode rest = ok(query("orders", "{'levels':['order.id'],'measures':['orders'],'offset':25}"));
        assertThat(rest.path("page").toString()).isEqualTo(q("{'limit':25,'offset':25,'returned':15,'truncated':false}"));

        JsonNode tooMany = problem(query("orders", "{'levels':['order.id'],'measures':['orders'],'limit':26}"), 422);
        assertThat(pointers(tooMany)).containsExactly("/limit");
        assertThat(tooMany.path("detail").asText()).contains("25");
    }

    // ---- totals ----

    @Test
    void grandTotalAndSubtotalsAreComputedByTheEngineWithDistinctCountsAndAveragesRight() {
        JsonNode answer = ok(query("orders", "{'levels':['geo.region','product.category'],"
                + "'measures':['buyers','avgQty','units','revenue','orders'],"
                + "'totals':{'grand':true,'subtotals':['geo.region']}}"));
        JsonNode columns = answer.path("columns");
        assertThat(columns.get(7).toString()).isEqualTo(q("{'name':'_grouping','kind':'grouping','type':'int'}"));

        List<List<String>> expected = sql(duck, "SELECT region, category, count(DISTINCT customer), avg(quantity), "
                + "sum(quantity), sum(quantity * dprice), count(*), GROUPING(region, category) FROM " + F
                + " GROUP BY GROUPING SETS ((region, category), (region), ())");
        List<List<String>> actual = rows(answer);
        assertThat(sorted(actual)).isEqualTo(sorted(expected));

        // The grand total is the last row, and it is the engine's: distinct buyers and the average over all facts.
        List<String> grand = actual.get(actual.size() - 1);
        assertThat(grand.get(7)).isEqualTo("3");
        assertThat(grand.subList(2, 4)).isEqualTo(sql(duck, "SELECT count(DISTINCT customer), avg(quantity) FROM orders").get(0));
        long summedBuyers = actual.stream().filter(row -> row.get(7).equals("1")).mapToLong(row -> Long.parseLong(row.get(2))).sum();
        assertThat(Long.parseLong(grand.get(2))).as("a summed distinct count would be %d", summedBuyers).isLessThan(summedBuyers);

        // Each region's subtotal follows its detail rows; a NULL region is a real member (grouping 0), not a total.
        for (int i = 0; i < actual.size() - 1; i++) {
            List<String> row = actual.get(i);
            if (row.get(7).equals("1")) {
                assertThat(actual.get(i - 1).get(0)).isEqualTo(row.get(0));
                assertThat(actual.get(i - 1).get(7)).isEqualTo("0");
                List<String> next = actual.get(i + 1);
                assertThat(next.get(7).equals("3") || !next.get(0).equals(row.get(0))).as("row after %s", row).isTrue();
            }
        }
        assertThat(actual).anySatisfy(row -> assertThat(row.subList(0, 1)).containsExactly("null"))
                .filteredOn(row -> row.get(0).equals("null")).extracting(row -> row.get(7)).contains("0", "1");
    }

    @Test
    void totalsRespectFiltersAndHaving() {
        JsonNode answer = ok(query("orders", "{'levels':['time.year'],'measures':['buyers','avgQty'],"
                + "'filters':{'level':'geo.region','op':'in','values':['North','South']},'totals':{'grand':true}}"));
        assertThat(sorted(rows(answer))).isEqualTo(sorted(sql(duck, "SELECT year(order_date), count(DISTINCT customer), "
                + "avg(quantity), GROUPING(year(order_date)) FROM " + F + " WHERE region IN ('North', 'South') "
                + "GROUP BY GROUPING SETS ((year(order_date)), ())")));
    }

    private static List<List<String>> sorted(List<List<String>> rows) {
        List<List<String>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(Object::toString));
        return copy;
    }

    // ---- CSV ----

    @Test
    void csvHasAHeaderRowAndTheSameRowsQuotedWhereNeeded() {
        HttpResponse<String> response = csv("orders", "{'levels':['customer.customer','geo.region'],'measures':['orders','revenue']}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(response.headers().firstValue("Content-Disposition").orElse("")).contains("attachment", "orders.csv");
        List<List<String>> csvRows = parseCsv(response.body());
        assertThat(csvRows.get(0)).containsExactly("customer.customer", "geo.region", "orders", "revenue");
        List<List<String>> expected = sql(duck, "SELECT customer, region, count(*), sum(quantity * dprice) FROM " + F
                + " GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST");
        List<List<String>> body = csvRows.subList(1, csvRows.size()).stream()
                .map(row -> row.stream().map(text -> text.isEmpty() ? "null" : numberOrText(text)).toList()).toList();
        assertThat(body).isEqualTo(expected);
        assertThat(response.body()).contains("\r\n\"O'Brien, Pat\",", "\r\n\"Eve \"\"The\"\" Quote\",");
    }

    @Test
    void csvStreamsLargeAnswersAndRefusesOnesPastTheExportCap() {
        HttpResponse<String> big = csv("grid", "{'levels':['n.n'],'measures':['rows'],'limit':9000}");
        assertThat(big.statusCode()).as(big.body()).isEqualTo(200);
        assertThat(big.headers().firstValue("Content-Length")).as("streamed, not buffered").isEmpty();
        assertThat(big.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        String[] lines = big.body().split("\r\n");
        assertThat(lines).hasSize(9001);
        assertThat(lines[0]).isEqualTo("n.n,rows");
        assertThat(lines[9000]).isEqualTo("8999,1");

        JsonNode refused = problem(csv("grid", "{'levels':['n.n'],'measures':['rows']}"), 422);
        assertThat(refused.path("detail").asText()).contains("9000").contains("10000");
        // The JSON answer of the same query is a page, not an error.
        assertThat(ok(query("grid", "{'levels':['n.n'],'measures':['rows']}")).path("page").path("truncated").asBoolean()).isTrue();
        // A bad query asked as CSV is the same problem+json as in JSON.
        assertThat(pointers(problem(csv("grid", "{'levels':['n.nope']}"), 422))).containsExactly("/levels/0");
        // Nothing matches: just the header.
        HttpResponse<String> empty = csv("orders", "{'levels':['geo.region'],'measures':['orders'],"
                + "'filters':{'level':'geo.region','op':'eq','value':'Nowhere'}}");
        assertThat(empty.body()).isEqualTo("geo.region,orders\r\n");
    }

    private static String numberOrText(String text) {
        try {
            return CubeTesting.number(new java.math.BigDecimal(text));
        } catch (NumberFormatException e) {
            return text;
        }
    }

    /** RFC 4180: quoted fields may hold commas and doubled quotes; CRLF ends a record. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        assertThat(field.length()).as("the CSV ends with CRLF").isZero();
        return rows;
    }

    // ---- members ----

    @Test
    void membersAreDistinctSortedNullsLastAndSearchable() {
        JsonNode regions = ok(client.as(ANN, "GET", "/api/v1/cubes/orders/members/geo.region", null));
        assertThat(regions.path("level").asText()).isEqualTo("geo.region");
        assertThat(regions.path("type").asText()).isEqualTo("string");
        assertThat(regions.path("members").toString()).isEqualTo(q("['East','North','South','West',null]"));
        assertThat(regions.path("truncated").asBoolean()).isFalse();

        JsonNode search = ok(client.as(ANN, "GET", "/api/v1/cubes/orders/members/customer.customer?q=AL", null));
        assertThat(search.path("members").toString()).isEqualTo(q("['Albert','Alice']"));
        JsonNode percent = ok(client.as(ANN, "GET", "/api/v1/cubes/orders/members/customer.customer?q=%25", null));
        assertThat(percent.path("members").toString()).isEqualTo(q("['100% Club']"));

        JsonNode limited = ok(client.as(ANN, "GET", "/api/v1/cubes/orders/members/customer.customer?limit=2", null));
        assertThat(limited.path("members").size()).isEqualTo(2);
        assertThat(limited.path("truncated").asBoolean()).isTrue();

        JsonNode categories = ok(client.as(ANN, "GET", "/api/v1/cubes/orders/members/product.category", null));
        assertThat(categories.path("members").toString()).isEqualTo(q("['Books','Furniture','Toys',null]"));
        JsonNode dates = ok(client.as(ANN, "GET", "/api/v1/cubes/orders/members/time.date?limit=1", null));
        assertThat(dates.path("type").asText()).isEqualTo("date");
        assertThat(dates.path("members").toString()).isEqualTo(q("['2023-01-13']"));
    }

    @Test
    void badMembersRequestsAreProblems() {
        JsonNode unknownLevel = problem(client.as(ANN, "GET", "/api/v1/cubes/orders/members/geo.planet", null), 422);
        assertThat(unknownLevel.path("detail").asText()).contains("geo.region", "customer.customer");
        problem(client.as(ANN, "GET", "/api/v1/cubes/orders/members/geo.region?limit=abc", null), 422);
        problem(client.as(ANN, "GET", "/api/v1/cubes/orders/members/geo.region?limit=-1", null), 422);
        problem(client.as(ANN, "GET", "/api/v1/cubes/orders/members/geo.region?limit=26", null), 422);
        problem(client.as(ANN, "GET", "/api/v1/cubes/nope/members/geo.region", null), 404);
    }

    // ---- list, metadata, explain ----

    @Test
    void listAndMetadataDescribeTheCubes() {
        JsonNode list = ok(client.as(ANN, "GET", "/api/v1/cubes", null));
        List<String> names = new ArrayList<>();
        list.forEach(cube -> names.add(cube.path("name").asText()));
        assertThat(names).containsExactly("orders", "sales", "grid"); // not "secret": defaultAccess none

        JsonNode meta = ok(client.as(ANN, "GET", "/api/v1/cubes/orders", null));
        assertThat(meta.path("title").asText()).isEqualTo("Orders");
        assertThat(meta.path("dimensions").toString()).contains(q("'ref':'time.year'"), q("'type':'int'"));
        assertThat(meta.path("measures").toString()).contains(q("'name':'avgPrice'"), q("'formula':'revenue / units'"));
        problem(client.as(ANN, "GET", "/api/v1/cubes/nope", null), 404);
    }

    @Test
    void explainShowsPlaceholdersAndValueTypesToAdminsOnly() {
        String body = q("{'levels':['geo.region'],'measures':['revenue'],"
                + "'filters':{'level':'customer.customer','op':'in','values':['Alice','Bob']},"
                + "'having':{'measure':'revenue','op':'gt','value':777},'totals':{'grand':true}}");
        JsonNode explained = ok(client.as(ADMIN, "POST", "/api/v1/cubes/orders/query/explain", body));
        String sqlText = explained.path("sql").asText();
        assertThat(sqlText).contains("\"orders\".\"customer\" IN (?, ?)", "HAVING", "GROUPING SETS", paging())
                .doesNotContain("Alice", "Bob", "777");
        assertThat(explained.path("parameters").toString()).isEqualTo(q("['<string>','<string>','<decimal>','<int>','<int>']"));

        problem(client.as(ANN, "POST", "/api/v1/cubes/orders/query/explain", body), 403);
        problem(client.send("POST", "/api/v1/cubes/orders/query/explain", body), 401);
        problem(client.as(ADMIN, "POST", "/api/v1/cubes/orders/query/explain", q("{'levels':['geo.x']}")), 422);
    }

    // ---- bad input: problem+json with pointers and the names that exist ----

    @Test
    void unknownCubeIs404() {
        JsonNode problem = problem(query("nope", "{'measures':['orders']}"), 404);
        assertThat(problem.path("detail").asText()).contains("nope");
    }

    @Test
    void unknownNamesAre422WithPointersAndTheNamesThatExist() {
        JsonNode level = problem(query("orders", "{'levels':['geo.planet'],'measures':['orders']}"), 422);
        assertThat(pointers(level)).containsExactly("/levels/0");
        assertThat(level.path("errors").get(0).path("detail").asText()).contains("geo.planet", "geo.region", "time.year");

        JsonNode measure = problem(query("orders", "{'levels':['geo.region'],'measures':['orders','profit']}"), 422);
        assertThat(pointers(measure)).containsExactly("/measures/1");
        assertThat(measure.path("detail").asText()).contains("profit", "revenue", "buyers");

        JsonNode op = problem(query("orders", "{'measures':['orders'],'filters':{'level':'geo.region','op':'like','value':'N%'}}"), 422);
        assertThat(pointers(op)).containsExactly("/filters/op");
        assertThat(op.path("detail").asText()).contains("like", "notIn", "startsWith", "isNotNull");

        JsonNode nested = problem(query("orders", "{'measures':['orders'],'filters':{'and':["
                + "{'level':'geo.region','op':'eq','value':'North'},"
                + "{'or':[{'level':'geo.city','op':'eq','value':'Oslo'},{'level':'geo.town','op':'eq','value':'Oslo'}]}]}}"), 422);
        assertThat(pointers(nested)).containsExactly("/filters/and/1/or/1/level");

        JsonNode having = problem(query("orders", "{'levels':['geo.region'],'measures':['orders'],"
                + "'having':[{'measure':'margin','op':'gt','value':1}]}"), 422);
        assertThat(pointers(having)).containsExactly("/having/0/measure");

        JsonNode order = problem(query("orders", "{'levels':['geo.region'],'measures':['orders'],'order':[{'by':'units'}]}"), 422);
        assertThat(pointers(order)).containsExactly("/order/0/by");
        JsonNode subtotal = problem(query("orders", "{'levels':['geo.region'],'measures':['orders'],"
                + "'totals':{'subtotals':['geo.city']}}"), 422);
        assertThat(pointers(subtotal)).containsExactly("/totals/subtotals/0");
    }

    @Test
    void wrongValueTypesAre422AtTheValue() {
        JsonNode integer = problem(query("orders",
                "{'measures':['orders'],'filters':{'level':'size.quantity','op':'gt','value':'three'}}"), 422);
        assertThat(pointers(integer)).containsExactly("/filters/value");
        assertThat(integer.path("detail").asText()).contains("integer");

        JsonNode date = problem(query("orders", "{'measures':['orders'],'filters':{'level':'time.date','op':'between',"
                + "'values':['2024-01-01','2024-13-45']}}"), 422);
        assertThat(pointers(date)).containsExactly("/filters/values/1");
        assertThat(date.path("detail").asText()).contains("2024-01-31");

        JsonNode string = problem(query("orders",
                "{'measures':['orders'],'filters':{'level':'geo.region','op':'in','values':['North',7]}}"), 422);
        assertThat(pointers(string)).containsExactly("/filters/values/1");

        JsonNode fraction = problem(query("orders",
                "{'measures':['orders'],'filters':{'level':'size.quantity','op':'eq','value':2.5}}"), 422);
        assertThat(pointers(fraction)).containsExactly("/filters/value");

        JsonNode arity = problem(query("orders",
                "{'measures':['orders'],'filters':{'level':'size.quantity','op':'between','values':[1]}}"), 422);
        assertThat(pointers(arity)).containsExactly("/filters/values");

        JsonNode containsOnInt = problem(query("orders",
                "{'measures':['orders'],'filters':{'level':'size.quantity','op':'contains','value':'1'}}"), 422);
        assertThat(pointers(containsOnInt)).containsExactly("/filters/op");

        JsonNode nullForGt = problem(query("orders",
                "{'measures':['orders'],'filters':{'level':'size.quantity','op':'gt','value':null}}"), 422);
        assertThat(pointers(nullForGt)).containsExactly("/filters/value");

        JsonNode mixed = problem(query("orders", "{'levels':['geo.region'],'measures':['orders'],"
                + "'filters':{'or':[{'level':'geo.region','op':'eq','value':'North'},{'measure':'orders','op':'gt','value':1}]}}"), 422);
        assertThat(pointers(mixed)).containsExactly("/filters");
    }

    @Test
    void limitsOffsetsAndTimeoutsOutOfRangeAre422() {
        assertThat(pointers(problem(query("orders", "{'measures':['orders'],'limit':1000000000}"), 422))).containsExactly("/limit");
        assertThat(pointers(problem(query("orders", "{'measures':['orders'],'limit':-1}"), 422))).containsExactly("/limit");
        assertThat(pointers(problem(query("orders", "{'measures':['orders'],'offset':-5}"), 422))).containsExactly("/offset");
        assertThat(pointers(problem(query("orders", "{'measures':['orders'],'timeoutMs':60000}"), 422))).containsExactly("/timeoutMs");
        JsonNode several = problem(query("orders", "{'levels':['geo.planet'],'measures':['profit'],'limit':99999}"), 422);
        assertThat(pointers(several)).containsExactly("/levels/0", "/measures/0", "/limit");
        assertThat(pointers(problem(query("orders", "{}"), 422))).containsExactly("");
    }

    @Test
    void bodiesThatAreNotAQueryAre400() {
        JsonNode malformed = problem(query("orders", "{'measures':['orders'"), 400);
        assertThat(malformed.path("detail").asText()).contains("not valid JSON");
        problem(client.as(ANN, "POST", "/api/v1/cubes/orders/query", "{\"measures\": [\"orders\"]} trailing"), 400);
        problem(client.as(ANN, "POST", "/api/v1/cubes/orders/query", ""), 400);
        problem(client.as(ANN, "POST", "/api/v1/cubes/orders/query", "[]"), 400);
        problem(client.as(ANN, "POST", "/api/v1/cubes/orders/query", "null"), 400);
        // A typo is refused, not dropped: "filter" for "filters" would otherwise answer the unfiltered query.
        problem(query("orders", "{'measures':['orders'],'filter':{'level':'geo.region','op':'eq','value':'North'}}"), 400);
        problem(query("orders", "{'levels':['geo.region'],'measures':['orders'],'order':[{'by':'orders','direction':'desc'}]}"), 400);
        problem(query("orders", "{'measures':'orders'}"), 400);
        problem(query("orders", "{'limit':'ten','measures':['orders']}"), 400);
    }

    @Test
    void anonymousAndUngrantedCallersAreRefused() {
        problem(client.send("POST", "/api/v1/cubes/orders/query", q("{'measures':['orders']}")), 401);
        CubeTesting.createUser(client, "norole");
        problem(client.as(auth("norole"), "POST", "/api/v1/cubes/orders/query", q("{'measures':['orders']}")), 403);
    }
}
