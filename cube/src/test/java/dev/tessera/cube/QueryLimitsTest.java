package dev.tessera.cube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.cube.query.CubeQuery;
import dev.tessera.cube.query.QueryError;
import dev.tessera.cube.query.QueryValidationException;
import dev.tessera.cube.restrict.EffectiveRestriction;
import io.dropwizard.jackson.Jackson;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Query size limits (engine.queryLimits) with their defaults, on the real engine: every list a query carries, past
 * its limit, is one 422 error pointing at that list and naming the limit and its key, whatever else is wrong in it
 * (a 100,000-item list of wrong values is one error per limit it passes, not 100,000); at the limit, the query runs.
 */
class QueryLimitsTest {
    static final ObjectMapper JSON = Jackson.newObjectMapper();

    @TempDir
    static Path dir;
    static Fixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = Fixture.start(dir, null);
    }

    @AfterAll
    static void stop() {
        fx.stop();
    }

    static CubeQuery q(String json) throws Exception {
        return JSON.readValue(json.replace('\'', '"'), CubeQuery.class);
    }

    static QueryResult run(String json) throws Exception {
        return fx.service.query("sales", q(json), EffectiveRestriction.ALL, "u");
    }

    static List<QueryError> refused(String json) throws Exception {
        CubeQuery query = q(json);
        QueryValidationException e = org.junit.jupiter.api.Assertions.assertThrows(QueryValidationException.class,
                () -> fx.service.query("sales", query, EffectiveRestriction.ALL, "u"));
        return e.errors();
    }

    /** [start, start+1, ... start+n-1] as JSON. */
    static String ints(int start, int n) {
        return IntStream.range(start, start + n).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }

    /** n copies of a JSON item, as a JSON array's inside. */
    static String times(int n, String item) {
        return Stream.generate(() -> item).limit(n).collect(Collectors.joining(","));
    }

    static String in(String level, String values) {
        return "{'level':'" + level + "','op':'in','values':" + values + "}";
    }

    static String nest(int depth, String inner) {
        return depth == 0 ? inner : "{'not':" + nest(depth - 1, inner) + "}";
    }

    static Stream<Arguments> pastALimit() {
        String words = Stream.generate(() -> "'x'").limit(100_000).collect(Collectors.joining(",", "[", "]"));
        return Stream.of(
                Arguments.of("one in list, 10,001 values", "{'measures':['orders'],'filters':" + in("time.year", ints(0, 10_001)) + "}",
                        "/filters/values", "10,000 values in one condition (engine.queryLimits.maxValuesPerFilter); this one has 10,001"),
                Arguments.of("100,000 values of the wrong type", "{'measures':['orders'],'filters':" + in("time.year", words) + "}",
                        "/filters/values,/filters", "this one has 100,000"),
                Arguments.of("notIn, second of an and", "{'measures':['orders'],'filters':{'and':[" + in("time.year", "[2023]")
                        + ",{'level':'time.year','op':'notIn','values':" + ints(0, 12_000) + "}]}}",
                        "/filters/and/1/values", "maxValuesPerFilter"),
                Arguments.of("measure in list under having",
                        "{'measures':['orders'],'levels':['geo.country'],'having':[{'measure':'orders','op':'in','values':"
                        + ints(0, 10_001) + "}]}", "/having/0/values", "maxValuesPerFilter"),
                Arguments.of("three lists, 21,000 values in all",
                        "{'measures':['orders'],'filters':{'or':[" + in("time.year", ints(0, 7_000))
                        + "," + in("time.year", ints(7_000, 7_000)) + "," + in("time.year", ints(14_000, 7_000)) + "]}}",
                        "/filters",
                        "20,000 values in filters and having together (engine.queryLimits.maxFilterValues); this query has 21,000"),
                Arguments.of("values in filters and having together", "{'measures':['orders'],'levels':['geo.country'],'filters':{'and':["
                        + in("time.year", ints(0, 10_000)) + "," + in("geo.country", "['France']") + "]},"
                        + "'having':{'measure':'orders','op':'notIn','values':" + ints(0, 10_000) + "}}",
                        "/filters", "this query has 20,001"),
                Arguments.of("21 levels", "{'levels':[" + times(21, "'time.year'") + "]}", "/levels",
                        "at most 20 levels (engine.queryLimits.maxLevels); this query has 21"),
                Arguments.of("51 measures", "{'measures':[" + times(51, "'nope'") + "]}", "/measures",
                        "at most 50 measures (engine.queryLimits.maxMeasures); this query has 51"),
                Arguments.of("71 order items", "{'measures':['orders'],'order':[" + times(71, "{'by':'orders'}") + "]}", "/order",
                        "at most 70 order items"),
                Arguments.of("21 subtotals", "{'levels':['geo.country'],'measures':['orders'],'totals':{'subtotals':["
                        + times(21, "'geo.country'") + "]}}", "/totals/subtotals", "at most 20 subtotals"),
                Arguments.of("not nested 11 deep", "{'measures':['orders'],'filters':" + nest(11, in("time.year", "[2023]")) + "}",
                        "/filters" + "/not".repeat(10), "filters nest at most 10 deep (and, or, not; engine.queryLimits.maxFilterDepth)"),
                Arguments.of("arrays nested 11 deep", "{'measures':['orders'],'filters':" + "[".repeat(11) + in("time.year", "[2023]")
                        + "]".repeat(11) + "}", "/filters" + "/0".repeat(10), "maxFilterDepth"),
                Arguments.of("501 conditions", "{'measures':['orders'],'filters':{'or':[" + times(501, in("time.year", "[2023]")) + "]}}",
                        "/filters",
                        "at most 500 conditions in filters and having together (engine.queryLimits.maxConditions); this query has 501"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pastALimit")
    void aQueryPastALimitIsOneErrorNamingIt(String title, String query, String pointers, String detail) throws Exception {
        List<QueryError> errors = refused(query);
        assertThat(errors).extracting(QueryError::pointer).containsExactly(pointers.split(","));
        assertThat(errors.get(0).detail()).contains(detail);
        assertThat(errors.get(0).detail()).containsPattern("engine\\.queryLimits\\.max|maxFilterDepth");
    }

    @Test
    void everyLimitPassedIsListed() throws Exception {
        List<QueryError> errors = refused("{'levels':[" + times(21, "'time.year'") + "],'measures':[" + times(51, "'orders'")
                + "],'filters':" + in("time.year", ints(0, 10_001)) + "}");
        assertThat(errors).extracting(QueryError::pointer).containsExactly("/levels", "/measures", "/filters/values");
    }

    @Test
    void atEachLimitTheQueryRuns() throws Exception {
        long all = Fixture.SALES;
        assertThat(run("{'measures':['orders'],'filters':" + in("time.year", ints(0, 10_000)) + "}").rows().get(0)[0]).isEqualTo(all);
        assertThat(run("{'measures':['orders'],'filters':{'or':[" + in("time.year", ints(0, 10_000)) + ","
                + in("time.year", ints(10_000, 10_000)) + "]}}").rows().get(0)[0]).isEqualTo(all);
        Object in2023 = run("{'measures':['orders'],'filters':" + in("time.year", "[2023]") + "}").rows().get(0)[0];
        assertThat(run("{'measures':['orders'],'filters':" + nest(10, in("time.year", "[2023]")) + "}").rows().get(0)[0])
                .isEqualTo(in2023);
        assertThat(run("{'measures':['orders'],'filters':{'or':[" + times(499, in("time.year", "[1999]")) + ","
                + in("time.year", "[2023]") + "]}}").rows().get(0)[0]).isEqualTo(in2023);
        assertThat(run("{'measures':['orders'],'levels':['geo.country'],'order':[" + times(70, "{'by':'orders'}") + "]}").rows())
                .isNotEmpty();
    }

    @Test
    void aQueryWithManyProblemsListsTheFirstHundred() throws Exception {
        String keys = IntStream.range(0, 150).mapToObj(i -> "'k" + i + "':1").collect(Collectors.joining(","));
        List<QueryError> errors = refused("{'measures':['orders'],'filters':{'level':'time.year','op':'eq','value':2023," + keys + "}}");
        assertThat(errors).hasSize(101);
        assertThat(errors.get(0).pointer()).isEqualTo("/filters/k0");
        assertThat(errors.get(100).detail()).contains("the first 100 are listed");
    }

    @Test
    void limitsAreConfiguredUnderEngine(@TempDir Path other) throws Exception {
        Fixture small = Fixture.start(other, "  queryLimits: { maxValuesPerFilter: 3, maxFilterValues: 5, maxLevels: 1 }\n");
        try {
            CubeQuery four = q("{'measures':['orders'],'filters':" + in("time.year", "[2022,2023,2024,2025]") + "}");
            assertThatThrownBy(() -> small.service.query("sales", four, EffectiveRestriction.ALL, "u"))
                    .isInstanceOf(QueryValidationException.class).hasMessageContaining("at most 3 values in one condition");
            CubeQuery three = q("{'measures':['orders'],'filters':" + in("time.year", "[2022,2023,2024]") + "}");
            assertThat(small.service.query("sales", three, EffectiveRestriction.ALL, "u").rows().get(0)[0])
                    .isEqualTo((long) Fixture.SALES);
            assertThat(small.engine.config().queryLimits().maxConditions()).isEqualTo(500); // the rest keep their defaults
        } finally {
            small.stop();
        }
        assertThatThrownBy(() -> TestConfig.parse(other, "engine:\n  queryLimits: { maxValues: 3 }\n")).hasMessageContaining("maxValues");
        assertThatThrownBy(() -> TestConfig.parse(other, "engine:\n  queryLimits: { maxLevels: 0 }\n")).hasMessageContaining("maxLevels");
    }
}
