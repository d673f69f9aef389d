package dev.tessera.cube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.cube.query.ColumnDescriptor;
import dev.tessera.cube.query.CubeQuery;
import dev.tessera.cube.query.QueryError;
import dev.tessera.cube.query.QueryValidationException;
import dev.tessera.cube.restrict.EffectiveRestriction;
import dev.tessera.cube.sql.BoundSql;
import io.dropwizard.jackson.Jackson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CubeQueryTest {
    static final ObjectMapper JSON = Jackson.newObjectMapper();
    static final String FROM = " FROM sales LEFT JOIN products ON sales.product_id = products.id";
    static final EffectiveRestriction ALL = EffectiveRestriction.ALL;

    @TempDir
    static Path dir;
    static Fixture fx;
    static CubeService cubes;

    @BeforeAll
    static void start() throws Exception {
        fx = Fixture.start(dir, null);
        cubes = fx.service;
    }

    @AfterAll
    static void stop() {
        fx.stop();
    }

    static CubeQuery q(String json) throws Exception {
        return raw(json.replace('\'', '"'));
    }

    static CubeQuery raw(String json) throws Exception {
        return JSON.readValue(json, CubeQuery.class);
    }

    static long rawCount(String json) throws Exception {
        return ((Number) cubes.query("sales", raw(json), ALL, "u").rows().get(0)[0]).longValue();
    }

    static List<List<Object>> direct(String sql) {
        return fx.engine.query("test", BoundSql.of(sql, List.of()), Duration.ofSeconds(10), rs -> {
            List<List<Object>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(ResultRows.normalize(rs.getObject(i)));
                }
                out.add(row);
            }
            return out;
        });
    }

    static List<List<Object>> rows(QueryResult r) {
        return r.rows().stream().map(Arrays::asList).toList();
    }

    static long count(String filter) throws Exception {
        QueryResult r = cubes.query("sales", q("{'measures':['orders'],'filters':" + filter + "}"), ALL, "u");
        return ((Number) r.rows().get(0)[0]).longValue();
    }

    static long directCount(String where) {
        return ((Number) direct("SELECT count(*)" + FROM + " WHERE " + where).get(0).get(0)).longValue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{'level':'geo.country','op':'eq','values':['France']}                    | country = 'France'",
            "{'level':'geo.country','op':'eq','values':[null]}                        | country IS NULL",
            "{'level':'geo.country','op':'ne','values':['France']}                    | country <> 'France'",
            "{'level':'geo.country','op':'ne','values':['France'],'nulls':'include'}  | (country <> 'France' OR country IS NULL)",
            "{'level':'geo.country','op':'in','values':['France','Italy']}            | country IN ('France','Italy')",
            "{'level':'geo.country','op':'in','values':['France',null]}               | (country = 'France' OR country IS NULL)",
            "{'level':'geo.country','op':'notIn','values':['France','Italy']}         | country NOT IN ('France','Italy')",
            "{'level':'geo.country','op':'notIn','values':['France'],'nulls':'include'} | (country <> 'France' OR country IS NULL)",
            "{'level':'time.date','op':'gt','values':['2023-06-01']}                  | sale_date > DATE '2023-06-01'",
            "{'level':'time.date','op':'gte','value':'2023-06-01'}                    | sale_date >= DATE '2023-06-01'",
            "{'level':'time.date','op':'lt','values':['2022-03-15']}                  | sale_date < DATE '2022-03-15'",
            "{'level':'time.year','op':'lte','values':[2022]}                         | year(sale_date) <= 2022",
            "{'level':'time.date','op':'between','values':['2022-02-01','2023-02-01']} "
                    + "| sale_date BETWEEN DATE '2022-02-01' AND DATE '2023-02-01'",
            "{'level':'geo.city','op':'contains','values':['er']}                     | city LIKE '%er%'",
            "{'level':'product.name','op':'contains','values':['%_']}                 | strpos(name, '%_') > 0",
            "{'level':'product.name','op':'contains','values':['%']}                  | strpos(name, '%') > 0",
            "{'level':'geo.city','op':'startsWith','values':['Ber']}                  | city LIKE 'Ber%'",
            "{'level':'product.category','op':'isNull'}                               | category IS NULL",
            "{'level':'geo.city','op':'isNotNull','values':[]}                        | city IS NOT NULL",
            "{'and':[{'level':'geo.country','op':'eq','values':['France']},{'level':'time.year','op':'eq','values':[2023]}]} "
                    + "| country = 'France' AND year(sale_date) = 2023",
            "{'or':[{'and':[{'level':'geo.country','op':'eq','values':['France']},{'level':'time.year','op':'eq','values':[2022]}]},"
                    + "{'not':{'level':'product.category','op':'in','values':['Toys','Books']}}]} "
                    + "| (country = 'France' AND year(sale_date) = 2022) OR NOT (category IN ('Toys','Books'))",
            "[{'level':'geo.country','op':'eq','values':['Germany']},"
                    + "{'level':'product.category','op':'ne','values':['Toys'],'nulls':'include'}] "
                    + "| country = 'Germany' AND (category <> 'Toys' OR category IS NULL)",
    })
    void everyFilterOpMatchesDirectSql(String filter, String where) throws Exception {
        long expected = directCount(where);
        assertThat(count(filter)).isEqualTo(expected);
    }

    @Test
    void filterSelectsSomethingButNotEverything() throws Exception {
        // guards the matrix above against a planner that ignores filters
        assertThat(count("{'level':'geo.country','op':'eq','values':['France']}")).isBetween(1L, (long) Fixture.SALES - 1);
    }

    @Test
    void groupByMatchesDirectSql() throws Exception {
        QueryResult r = cubes.query("sales", q("{'measures':['revenue','quantity','orders','avgQuantity','avgPrice'],"
                + "'levels':['geo.country','time.year']}"), ALL, "u");
        List<List<Object>> expected = direct("SELECT country, year(sale_date), sum(quantity * price), sum(quantity), count(*),"
                + " avg(quantity), CAST(sum(quantity * price) AS DOUBLE) / sum(quantity)" + FROM
                + " GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST");
        assertThat(rows(r)).isEqualTo(expected);
        assertThat(r.columns()).extracting(ColumnDescriptor::name)
                .containsExactly("geo.country", "time.year", "revenue", "quantity", "orders", "avgQuantity", "avgPrice");
        assertThat(r.page().truncated()).isFalse();
        assertThat(r.page().returned()).isEqualTo(expected.size());
    }

    @Test
    void totalsWithCountDistinctAndAvgComeFromTheEngine() throws Exception {
        QueryResult r = cubes.query("sales", q("{'measures':['buyers','avgQuantity','revenue'],'levels':['geo.country','time.year'],"
                + "'totals':{'grand':true,'subtotals':['geo.country']}}"), ALL, "u");
        List<List<Object>> expected = direct("SELECT country, year(sale_date), count(DISTINCT customer_id), avg(quantity),"
                + " sum(quantity * price), GROUPING(country, year(sale_date))" + FROM
                + " GROUP BY GROUPING SETS ((country, year(sale_date)), (country), ())");
        assertThat(new HashSet<>(rows(r))).isEqualTo(new HashSet<>(expected));
        assertThat(r.rows()).hasSize(expected.size());
        Object[] grand = r.rows().get(r.rows().size() - 1);
        assertThat(grand[5]).isEqualTo(3L); // both levels rolled up, and it comes last
        assertThat(grand[2]).isEqualTo(17L); // customers 0..16: not the sum of per-country counts
        // a subtotal follows the rows it sums
        Object[] first = r.rows().get(0);
        int subtotalAt = rows(r).indexOf(rows(r).stream()
                .filter(x -> x.get(5).equals(1L) && x.get(0).equals(first[0])).findFirst().orElseThrow());
        assertThat(r.rows().subList(0, subtotalAt)).allMatch(x -> x[0].equals(first[0]) && x[5].equals(0L));
    }

    @Test
    void havingOnMeasuresAndFormulas() throws Exception {
        QueryResult r = cubes.query("sales", q("{'measures':['revenue','avgPrice'],'levels':['geo.city'],"
                + "'having':[{'measure':'revenue','op':'gt','value':300},{'measure':'avgPrice','op':'lt','value':4.6}]}"), ALL, "u");
        List<List<Object>> expected = direct("SELECT city, sum(quantity * price), CAST(sum(quantity * price) AS DOUBLE) / sum(quantity)"
                + FROM + " GROUP BY 1 HAVING sum(quantity * price) > 300 AND CAST(sum(quantity * price) AS DOUBLE) / sum(quantity) < 4.6"
                + " ORDER BY 1 NULLS LAST");
        assertThat(rows(r)).isEqualTo(expected);
        assertThat(direct("SELECT count(DISTINCT city)" + FROM).get(0).get(0)).isNotEqualTo((long) expected.size());
        // a measure condition at the top of filters goes to HAVING too
        QueryResult viaFilters = cubes.query("sales", q("{'measures':['revenue','avgPrice'],'levels':['geo.city'],"
                + "'filters':{'and':[{'measure':'revenue','op':'gt','value':300},"
                + "{'measure':'avgPrice','op':'lt','value':4.6}]}}"), ALL, "u");
        assertThat(rows(viaFilters)).isEqualTo(expected);
    }

    @Test
    void orderLimitOffsetAndTruncation() throws Exception {
        List<List<Object>> all = direct("SELECT products.name, sum(quantity)" + FROM + " GROUP BY 1 ORDER BY 2 DESC, 1");
        QueryResult page1 = cubes.query("sales", q("{'measures':['quantity'],'levels':['product.name'],"
                + "'order':[{'by':'quantity','dir':'desc'}],'limit':3}"), ALL, "u");
        QueryResult page2 = cubes.query("sales", q("{'measures':['quantity'],'levels':['product.name'],"
                + "'order':[{'by':'quantity','dir':'desc'}],'limit':3,'offset':3}"), ALL, "u");
        QueryResult last = cubes.query("sales", q("{'measures':['quantity'],'levels':['product.name'],"
                + "'order':[{'by':'quantity','dir':'desc'}],'limit':3,'offset':6}"), ALL, "u");
        assertThat(rows(page1)).isEqualTo(all.subList(0, 3));
        assertThat(rows(page2)).isEqualTo(all.subList(3, 6));
        assertThat(rows(last)).isEqualTo(all.subList(6, 8));
        assertThat(page1.page()).isEqualTo(new QueryResult.Page(3, 0, 3, true));
        assertThat(last.page()).isEqualTo(new QueryResult.Page(3, 6, 2, false));
        QueryResult asc = cubes.query("sales", q("{'levels':['geo.country'],'order':[{'by':'geo.country','dir':'desc'}]}"), ALL, "u");
        assertThat(rows(asc)).containsExactly(List.of("Italy"), List.of("Germany"), List.of("France"), Arrays.asList((Object) null));
    }

    @Test
    void csvIsRfc4180AndCapped() throws Exception {
        try (CsvExport export = cubes.openCsv("sales", q("{'measures':['orders'],'levels':['product.name']}"), ALL, "u")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            export.writeTo(out);
            String csv = out.toString(StandardCharsets.UTF_8);
            assertThat(csv).startsWith("product.name,orders\r\n").contains("\r\n\"Lamp, \"\"Deluxe\"\"\",15\r\n")
                    .contains("\r\n100%_off,15\r\n").endsWith("\r\n");
            assertThat(csv.split("\r\n")).hasSize(9);
        }
        // 120 rows > csvMaxRows 100: refused before a byte is written; an explicit limit within the cap is fine
        assertThatThrownBy(() -> cubes.openCsv("sales", q("{'levels':['time.date','geo.city']}"), ALL, "u"))
                .isInstanceOf(ResultTooLargeException.class).hasMessageContaining("120 rows");
        try (CsvExport export = cubes.openCsv("sales", q("{'levels':['time.date','geo.city'],'limit':50}"), ALL, "u")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            export.writeTo(out);
            assertThat(out.toString(StandardCharsets.UTF_8).split("\r\n")).hasSize(51);
        }
        assertThatThrownBy(() -> cubes.openCsv("sales", q("{'levels':['time.date'],'limit':101}"), ALL, "u"))
                .isInstanceOf(QueryValidationException.class);
        // the slots were all given back
        for (int i = 0; i < 5; i++) {
            cubes.query("sales", q("{'measures':['orders']}"), ALL, "u");
        }
    }

    @Test
    void membersAreSortedSearchableAndCapped() {
        MembersResult all = cubes.members("sales", "geo.country", null, null, ALL, "u");
        assertThat(all.members()).containsExactly("France", "Germany", "Italy", null);
        MembersResult search = cubes.members("sales", "geo.city", "ER", null, ALL, "u");
        assertThat(search.members()).containsExactly("Berlin");
        MembersResult capped = cubes.members("sales", "product.name", null, 2, ALL, "u");
        assertThat(capped.members()).hasSize(2);
        assertThat(capped.truncated()).isTrue();
        MembersResult years = cubes.members("sales", "time.year", null, null, ALL, "u");
        assertThat(years.members()).containsExactly(2022L, 2023L, 2024L);
        assertThatThrownBy(() -> cubes.members("sales", "geo.nope", null, null, ALL, "u"))
                .isInstanceOf(QueryValidationException.class).hasMessageContaining("geo.country");
    }

    @Test
    void explainShowsPlaceholdersNotValues() throws Exception {
        ExplainResult e = cubes.explain("sales", q("{'measures':['revenue'],'levels':['geo.country'],"
                + "'filters':{'level':'geo.city','op':'eq','values':['Secret City']}}"), ALL);
        assertThat(e.sql()).contains("\"sales\".\"city\" = ?").doesNotContain("Secret").contains("GROUP BY");
        assertThat(e.parameters()).containsExactly("<string>", "<int>", "<int>");
    }

    @Test
    void injectionInValuesAndNamesChangesNothing() throws Exception {
        assertThat(rawCount("{\"measures\":[\"orders\"],\"filters\":{\"level\":\"geo.country\",\"op\":\"eq\","
                + "\"values\":[\"France' OR '1'='1\"]}}")).isZero();
        assertThat(rawCount("{\"measures\":[\"orders\"],\"filters\":{\"level\":\"geo.country\",\"op\":\"in\","
                + "\"values\":[\"x\\\"); DROP TABLE sales; --\", \"France\"]}}")).isEqualTo(directCount("country = 'France'"));
        String injectedLevel = "{\"measures\":[\"orders\"],\"levels\":[\"geo.country\\\" FROM products; --\"]}";
        assertThatThrownBy(() -> cubes.query("sales", raw(injectedLevel), ALL, "u"))
                .isInstanceOf(QueryValidationException.class);
        assertThatThrownBy(() -> cubes.members("sales", "geo.country\" FROM products; --", null, null, ALL, "u"))
                .isInstanceOf(QueryValidationException.class);
        assertThat(cubes.members("sales", "geo.country", "' OR 1=1 --", null, ALL, "u").members()).isEmpty();
        assertThatThrownBy(() -> cubes.query("sales", q("{'measures':['orders) FROM fx; --']}"), ALL, "u"))
                .isInstanceOf(QueryValidationException.class);
        assertThat(directCount("true")).isEqualTo(Fixture.SALES);
    }

    @Test
    void validationErrorsPointAtTheBadNode() throws Exception {
        QueryValidationException e = catchValidation("{'measures':['revenue','profit'],'levels':['geo.country','geo.contry'],"
                + "'filters':{'and':[{'level':'time.year','op':'eq','values':['2023']},{'level':'geo.city','op':'like','values':['x']},"
                + "{'level':'time.date','op':'gt','values':['yesterday']}]},"
                + "'order':[{'by':'buyers'}],'limit':5000,'timeoutMs':999999}");
        assertThat(e.errors()).extracting(QueryError::pointer).containsExactlyInAnyOrder("/levels/1", "/measures/1",
                "/filters/and/0/values/0", "/filters/and/1/op", "/filters/and/2/values/0", "/order/0/by", "/limit", "/timeoutMs");
        assertThat(detail(e, "/levels/1")).contains("geo.contry").contains("geo.country, geo.city");
        assertThat(detail(e, "/measures/1")).contains("profit").contains("revenue");
        assertThat(detail(e, "/filters/and/0/values/0")).contains("integer");
        assertThat(detail(e, "/filters/and/1/op")).contains("startsWith");
        assertThat(detail(e, "/limit")).contains("1000");

        assertThat(catchValidation("{'measures':['orders'],'filters':{'or':[{'level':'geo.city','op':'eq','values':['Rome']},"
                + "{'measure':'orders','op':'gt','value':1}]}}").errors().get(0).pointer()).isEqualTo("/filters");
        assertThat(catchValidation("{'measures':['orders'],'filters':{'level':'geo.city','op':'between','values':['a']}}")
                .errors().get(0).pointer()).isEqualTo("/filters/values");
        assertThat(catchValidation("{'measures':['orders'],'filters':{'level':'time.year','op':'contains','values':['2']}}")
                .errors().get(0).pointer()).isEqualTo("/filters/op");
        assertThat(catchValidation("{'measures':['orders'],'filters':{'level':'geo.city','op':'gt','values':[null]}}")
                .errors().get(0).pointer()).isEqualTo("/filters/values/0");
        assertThat(catchValidation("{'measures':['orders'],'levels':['geo.city'],'totals':{'subtotals':['geo.country']}}")
                .errors().get(0).pointer()).isEqualTo("/totals/subtotals/0");
        assertThat(catchValidation("{}").errors()).hasSize(1);
        assertThatThrownBy(() -> cubes.query("nope", q("{'measures':['orders']}"), ALL, "u"))
                .isInstanceOf(UnknownCubeException.class).hasMessageContaining("sales");
    }

    @Test
    void timeoutMayBeLoweredPerRequest() throws Exception {
        QueryResult r = cubes.query("sales", q("{'measures':['orders'],'timeoutMs':5000}"), ALL, "u");
        assertThat(r.rows().get(0)[0]).isEqualTo((long) Fixture.SALES);
    }

    @Test
    void metadataDescribesTheCube() {
        CubeMetadata m = cubes.metadata("sales");
        assertThat(m.title()).isEqualTo("Sales");
        assertThat(m.dimensions()).extracting(CubeMetadata.DimensionInfo::name).containsExactly("geo", "product", "time");
        CubeMetadata.LevelInfo year = m.dimensions().get(2).hierarchies().get(0).levels().get(0);
        assertThat(year.ref()).isEqualTo("time.year");
        assertThat(year.type().jsonName()).isEqualTo("int");
        assertThat(m.measures()).extracting(CubeMetadata.MeasureInfo::aggregation)
                .containsExactly("sum", "sum", "count", "countDistinct", "avg", "formula");
        assertThat(m.measures().get(5).formula()).isEqualTo("revenue / quantity");
        assertThat(m.measures().get(0).format()).isEqualTo("#,##0.00");
        assertThat(cubes.listCubes()).extracting(CubeSummary::name).containsExactly("sales", "world", "locked");
    }

    static QueryValidationException catchValidation(String json) throws Exception {
        try {
            cubes.query("sales", q(json), ALL, "u");
        } catch (QueryValidationException e) {
            return e;
        }
        throw new AssertionError("no validation error for " + json);
    }

    static String detail(QueryValidationException e, String pointer) {
        return e.errors().stream().filter(x -> pointer.equals(x.pointer())).findFirst().orElseThrow().detail();
    }

}
