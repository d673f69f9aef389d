package dev.tessera.server.cubes;

import static dev.tessera.server.cubes.CubeTesting.auth;
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
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a query may carry, over HTTP with the shipped defaults (engine.queryLimits): lists past a limit are one 422
 * each, pointing at the list and naming the limit, answered without running anything; at the limit the answer is
 * the plain-SQL one. And numbers of every spelling in having and filters: the same rows as the comparison written
 * out in SQL, or a 422 at the value, never a 500 (a having with 1E+18 on a decimal measure was one).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CubeInputLimitsIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("cube-it-config.yml");
    static final String F = "(SELECT o.*, CAST(o.price AS DECIMAL(10,2)) AS dprice FROM orders o) f";

    static Connection duck;
    static TestClient client;

    @BeforeAll
    static void setUp() {
        client = TesseraTestApp.client(APP);
        CubeTesting.createUser(client, "lee", "ROLE_USER");
        duck = CubeTesting.oracle("orders");
    }

    @AfterAll
    static void tearDown() throws SQLException {
        duck.close();
    }

    static HttpResponse<String> query(String body) {
        return client.as(auth("lee"), "POST", "/api/v1/cubes/orders/query", q(body));
    }

    static String strings(int n, String prefix) {
        return IntStream.range(0, n).mapToObj(i -> "'" + prefix + i + "'").collect(Collectors.joining(",", "[", "]"));
    }

    static String times(int n, String item) {
        return Stream.generate(() -> item).limit(n).collect(Collectors.joining(","));
    }

    static Stream<Arguments> pastALimit() {
        String city = "{'level':'geo.city','op':'in','values':";
        return Stream.of(
                Arguments.of("{'measures':['orders'],'filters':" + city + strings(10_001, "c") + "}}", "/filters/values",
                        "at most 10,000 values in one condition (engine.queryLimits.maxValuesPerFilter); this one has 10,001"),
                Arguments.of("{'measures':['orders'],'filters':{'and':[{'level':'geo.region','op':'eq','value':'North'},"
                        + "{'not':" + city + strings(12_000, "c") + "}}]}}", "/filters/and/1/not/values", "this one has 12,000"),
                Arguments.of("{'measures':['orders'],'filters':{'or':[" + city + strings(8_000, "a") + "}," + city + strings(8_000, "b")
                        + "}," + city + strings(8_000, "c") + "}]}}", "/filters",
                        "at most 20,000 values in filters and having together (engine.queryLimits.maxFilterValues); this query has 24,000"),
                Arguments.of("{'levels':['geo.region'],'measures':['orders'],'having':[{'measure':'orders','op':'notIn','values':"
                        + IntStream.range(0, 10_001).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]")) + "}]}",
                        "/having/0/values", "maxValuesPerFilter"),
                Arguments.of("{'measures':['orders'],'filters':{'or':[" + times(501, "{'level':'geo.region','op':'eq','value':'North'}")
                        + "]}}", "/filters", "at most 500 conditions in filters and having together (engine.queryLimits.maxConditions)"),
                Arguments.of("{'measures':['orders'],'filters':" + "{'not':".repeat(11) + "{'level':'geo.region','op':'eq','value':'North'}"
                        + "}".repeat(11) + "}", "/filters" + "/not".repeat(10), "filters nest at most 10 deep"),
                Arguments.of("{'levels':[" + times(21, "'geo.region'") + "],'measures':['orders']}", "/levels",
                        "at most 20 levels (engine.queryLimits.maxLevels); this query has 21"),
                Arguments.of("{'measures':[" + times(51, "'orders'") + "]}", "/measures", "at most 50 measures"),
                Arguments.of("{'levels':['geo.region'],'measures':['orders'],'order':[" + times(71, "{'by':'orders'}") + "]}", "/order",
                        "at most 70 order items"),
                Arguments.of("{'levels':['geo.region'],'measures':['orders'],'totals':{'subtotals':[" + times(21, "'geo.region'") + "]}}",
                        "/totals/subtotals", "at most 20 subtotals"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("pastALimit")
    void aListPastItsLimitIsOne422NamingTheLimit(String body, String pointer, String detail) {
        HttpResponse<String> response = query(body);
        JsonNode problem = problem(response, 422);
        assertThat(pointers(problem)).containsExactly(pointer);
        assertThat(problem.path("errors").get(0).path("detail").asText()).contains(detail);
        assertThat(response.body().length()).as("one error, not one per item").isLessThan(1_000);
    }

    @Test
    void aDeeplyNestedFilterIsRefusedWithoutExhaustingAnything() {
        String leaf = "{'level':'geo.region','op':'eq','value':'North'}";
        JsonNode deep = problem(query("{'measures':['orders'],'filters':" + "{'not':".repeat(50) + leaf + "}".repeat(50) + "}"), 422);
        assertThat(pointers(deep)).containsExactly("/filters" + "/not".repeat(10));
        // past the JSON parser's own nesting limit (1,000): a malformed request, still no stack overflow and no 500
        problem(query("{'measures':['orders'],'filters':" + "[".repeat(5_000) + leaf + "]".repeat(5_000) + "}"), 400);
    }

    @Test
    void atTheLimitTheAnswerIsThePlainSqlOne() {
        String cities = strings(9_998, "nowhere-").replace("]", ",'Warsaw','Bergen']");
        JsonNode answer = ok(query("{'levels':['geo.city'],'measures':['orders','units'],'filters':{'level':'geo.city','op':'in','values':"
                + cities + "}}"));
        assertThat(rows(answer)).isEqualTo(sql(duck, "SELECT city, count(*), sum(quantity) FROM orders "
                + "WHERE city IN ('Warsaw', 'Bergen') GROUP BY city ORDER BY city"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "revenue | gt  | 1E+18                            | sum(quantity * dprice) > 1000000000000000000",
            "revenue | lt  | 1E+18                            | sum(quantity * dprice) < 1000000000000000000",
            "revenue | gt  | 1.5E+2                           | sum(quantity * dprice) > 150",
            "revenue | gte | 1234567890123456789012345678.25  | sum(quantity * dprice) >= 1234567890123456789012345678.25",
            "revenue | lte | 81.0000000000                    | sum(quantity * dprice) <= 81",
            "units   | gt  | 1E+1                             | sum(quantity) > 10",
            "units   | lt  | 9223372036854775807              | sum(quantity) < 9223372036854775807",
            "avgQty  | gt  | 1E+18                            | avg(quantity) > 1e18",
            "avgQty  | gte | 25e-1                            | avg(quantity) >= 2.5",
    })
    void aNumberThatFitsGivesThePlainSqlRows(String measure, String op, String value, String having) {
        JsonNode answer = ok(query("{'levels':['geo.region'],'measures':['orders'],'having':[{'measure':'" + measure
                + "','op':'" + op + "','value':" + value + "}]}"));
        assertThat(rows(answer)).isEqualTo(sql(duck, "SELECT region, count(*) FROM " + F + " GROUP BY region HAVING " + having
                + " ORDER BY region NULLS LAST"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{'measure':'revenue','op':'gt','value':1E+28}         | /having/0/value | at most 28 digits before the point and 10 after",
            "{'measure':'revenue','op':'gt','value':1E-11}         | /having/0/value | at most 28 digits before the point and 10 after",
            "{'measure':'revenue','op':'gt','value':1e400}         | /having/0/value | at most 28 digits before the point and 10 after",
            "{'measure':'revenue','op':'in','values':[1, 1E+40]}   | /having/0/values/1 | at most 28 digits",
            "{'measure':'revenue','op':'gt','value':'1E+18'}       | /having/0/value | expected a number",
            "{'measure':'units','op':'gt','value':1.5}             | /having/0/value | expected an integer",
            "{'measure':'units','op':'gt','value':1E+19}           | /having/0/value | expected an integer",
            "{'measure':'units','op':'gt','value':99999999999999999999999} | /having/0/value | expected an integer",
            "{'measure':'avgQty','op':'gt','value':-1e400}         | /having/0/value | expected a number between",
    })
    void aNumberThatDoesNotFitIsA422AtItsPlace(String condition, String pointer, String detail) {
        JsonNode problem = problem(query("{'levels':['geo.region'],'measures':['orders'],'having':[" + condition + "]}"), 422);
        assertThat(pointers(problem)).containsExactly(pointer);
        assertThat(problem.path("errors").get(0).path("detail").asText()).contains(detail);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{'level':'price.price','op':'in','values':[1.093E+1, 2258E-2]} | dprice IN (10.93, 22.58)",
            "{'level':'price.price','op':'gt','value':3.05E+1}             | dprice > 30.5",
            "{'level':'size.quantity','op':'in','values':[1E+0, 2.0, 3]}    | quantity IN (1, 2, 3)",
            "{'level':'time.year','op':'eq','value':2.024E+3}             | year(order_date) = 2024",
    })
    void levelFiltersTakeTheSameSpellings(String filter, String where) {
        JsonNode answer = ok(query("{'measures':['orders'],'filters':" + filter + "}"));
        assertThat(rows(answer)).isEqualTo(sql(duck, "SELECT count(*) FROM " + F + " WHERE " + where));
        assertThat(rows(answer).get(0).get(0)).isNotEqualTo("0");
    }

    /**
     * Never a 500. Paging and time are integers, and JSON bodies are read strictly: a number written with an exponent
     * is a floating-point token, refused for an integer field with a 400 naming it, as {@code 1.5} is (README, "JSON
     * bodies are read strictly"); only filters and having read {@code 1E+3} as the integer 1000. An integer past the
     * cap is the query's problem, a 422.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // An integer field written as a float is a malformed body (400, strict JSON), whatever its size;
            // a whole number out of range is an invalid query (422).
            "'limit':1E+18        | 400",
            "'limit':-1E+3        | 400",
            "'limit':-1000        | 422",
            "'offset':-1E+3       | 400",
            "'offset':-1000       | 422",
            "'offset':-1E+18      | 400",
            "'offset':1E+30       | 400",
            "'timeoutMs':1E+18    | 400",
            "'timeoutMs':1000000000000000000 | 422",
            "'timeoutMs':1E+30    | 400",
    })
    void pagingAndTimeoutNumbersAreRefusedAsTheRequestsFault(String field, int status) {
        problem(query("{'measures':['orders']," + field + "}"), status);
    }
}
