package dev.tessera.server.cubes;

import static dev.tessera.server.cubes.CubeTesting.ADMIN;
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
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Calculations along periods over HTTP on the running app: previous period and same period last year (value,
 * difference, ratio; the first period of the range sees the one before it, an empty period is empty, not skipped),
 * running totals (year to date read from January even when the range begins later) and rolling windows, per member
 * of another level, beside a rank, and every bad input. The oracle is hand-written SQL on a separate DuckDB that
 * joins each period to the shifted one or sums the days of the window: not the windows the app writes.
 * {@link TrinoCubePeriodCalculationsIT} runs every test again on Trino.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CubePeriodCalculationsIT extends OracleCubeIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("cube-time-config.yml");
    static final String PAM = auth("pam");
    /** Monthly amounts of 2024 (April has none) and the month before each month. */
    static final String MONTHS = "WITH m AS (SELECT CAST(range AS DATE) AS p FROM range(DATE '2023-01-01', DATE '2024-07-01', "
            + "INTERVAL 1 MONTH)), s AS (SELECT m.p, SUM(t.amount) AS a FROM m LEFT JOIN timeline t "
            + "ON date_trunc('month', t.day) = m.p GROUP BY m.p) ";

    @BeforeAll
    static void setUp() {
        connect(APP);
    }

    static void connect(DropwizardAppExtension<TesseraConfiguration> app) {
        open(app, "pam", "timeline");
    }

    static HttpResponse<String> query(String body) {
        return CubeTesting.query(client, PAM, "timeline", body);
    }

    static JsonNode byMonth(String range, String calculations, boolean fill) {
        return ok(query("{'measures':['amount'],'levels':['time.date'],'time':{'level':'time.date','granularity':'month',"
                + "'dateRange':" + range + (fill ? ",'fill':true" : "") + "},'calculations':[" + calculations + "]}"));
    }

    // ---- comparisons ----

    @Test
    void previousPeriodSeesTheMonthBeforeTheRangeAndAnEmptyAprilBeforeMay() {
        JsonNode answer = byMonth("{'from':'2024-02-01','to':'2024-06-30'}",
                "{'name':'prev','type':'previousPeriod','measure':'amount'},"
                        + "{'name':'change','type':'previousPeriod','measure':'amount','show':'difference'},"
                        + "{'name':'ratio','type':'previousPeriod','measure':'amount','show':'ratio'}", false);
        assertThat(rows(answer)).isEqualTo(sql(duck, MONTHS + "SELECT cur.p, cur.a, prev.a, cur.a - prev.a, "
                + "CAST(cur.a AS DOUBLE) / prev.a FROM s cur LEFT JOIN s prev ON prev.p = cur.p - INTERVAL 1 MONTH "
                + "WHERE cur.p >= DATE '2024-02-01' AND cur.a IS NOT NULL ORDER BY cur.p"));
        assertThat(rows(answer).get(0)).containsExactly("2024-02-01", "70", "30", "40", "2.33333333333");
        assertThat(rows(answer).get(2)).as("May follows an April without sales").containsExactly("2024-05-01", "70", "null",
                "null", "null");
        JsonNode columns = answer.path("columns");
        assertThat(columns.get(2).path("name").asText()).isEqualTo("prev");
        assertThat(columns.get(4).path("type").asText()).isEqualTo("double");
    }

    @Test
    void withFillTheEmptyMonthIsShownWithItsPreviousPeriod() {
        JsonNode answer = byMonth("{'from':'2024-03-01','to':'2024-05-31'}",
                "{'name':'prev','type':'previousPeriod','measure':'amount'}", true);
        assertThat(rows(answer)).containsExactly(List.of("2024-03-01", "110", "70"), List.of("2024-04-01", "null", "110"),
                List.of("2024-05-01", "70", "null"));
    }

    @Test
    void samePeriodLastYearByMonthAndByQuarter() {
        JsonNode months = byMonth("'this month','now':'2024-06-15T10:00:00Z'",
                "{'name':'ly','type':'samePeriodLastYear','measure':'amount'},"
                        + "{'name':'growth','type':'samePeriodLastYear','measure':'amount','show':'ratio'}", false);
        assertThat(rows(months)).isEqualTo(sql(duck, MONTHS + "SELECT cur.p, cur.a, ly.a, CAST(cur.a AS DOUBLE) / ly.a FROM s cur "
                + "LEFT JOIN s ly ON ly.p = cur.p - INTERVAL 1 YEAR WHERE cur.p = DATE '2024-06-01'"));
        assertThat(rows(months)).containsExactly(List.of("2024-06-01", "245", "5", "49"));
        JsonNode quarters = ok(query("{'measures':['amount'],'levels':['time.date'],'time':{'level':'time.date',"
                + "'granularity':'quarter','dateRange':{'from':'2024-04-01','to':'2024-06-30'}},"
                + "'calculations':[{'name':'ly','type':'samePeriodLastYear','measure':'amount','show':'difference'}]}"));
        assertThat(rows(quarters)).isEqualTo(sql(duck, "SELECT DATE '2024-04-01', SUM(amount) FILTER (WHERE year(day) = 2024), "
                + "SUM(amount) FILTER (WHERE year(day) = 2024) - SUM(amount) FILTER (WHERE year(day) = 2023) FROM timeline "
                + "WHERE quarter(day) = 2 AND year(day) IN (2023, 2024)"));
    }

    @Test
    void theLeapDaysPreviousPeriodIsThe28thAndTheFirstOfMarchsIsTheLeapDay() {
        JsonNode days = ok(query("{'measures':['amount'],'levels':['time.date'],'time':{'level':'time.date','granularity':'day',"
                + "'dateRange':{'from':'2024-02-29','to':'2024-03-01'}},"
                + "'calculations':[{'name':'prev','type':'previousPeriod','measure':'amount'}]}"));
        assertThat(rows(days)).containsExactly(List.of("2024-02-29", "40", "30"), List.of("2024-03-01", "50", "40"));
    }

    @Test
    void comparisonsArePerMemberOfTheOtherLevels() {
        JsonNode answer = ok(query("{'measures':['amount'],'levels':['geo.region','time.date'],'time':{'level':'time.date',"
                + "'granularity':'month','dateRange':{'from':'2024-02-01','to':'2024-06-30'}},"
                + "'calculations':[{'name':'prev','type':'previousPeriod','measure':'amount'}]}"));
        assertThat(rows(answer)).isEqualTo(sql(duck, "WITH s AS (SELECT region, CAST(date_trunc('month', day) AS DATE) AS p, "
                + "SUM(amount) AS a FROM timeline GROUP BY ALL) SELECT cur.region, cur.p, cur.a, prev.a FROM s cur "
                + "LEFT JOIN s prev ON prev.region = cur.region AND prev.p = cur.p - INTERVAL 1 MONTH "
                + "WHERE cur.p BETWEEN DATE '2024-02-01' AND DATE '2024-06-30' ORDER BY cur.region, cur.p"));
    }

    // ---- running and rolling ----

    @Test
    void yearToDateStartsInJanuaryEvenWhenTheRangeStartsInMarch() {
        JsonNode answer = byMonth("{'from':'2024-03-01','to':'2024-06-30'}",
                "{'name':'ytd','type':'running','measure':'amount','along':'time.date','reset':'year'},"
                        + "{'name':'sinceMarch','type':'running','measure':'amount'}", false);
        assertThat(rows(answer)).isEqualTo(sql(duck, MONTHS + "SELECT o.p, o.a, (SELECT SUM(amount) FROM timeline "
                + "WHERE day >= DATE '2024-01-01' AND day < o.p + INTERVAL 1 MONTH), (SELECT SUM(amount) FROM timeline "
                + "WHERE day >= DATE '2024-03-01' AND day < o.p + INTERVAL 1 MONTH) FROM s o WHERE o.p >= DATE '2024-03-01' "
                + "AND o.a IS NOT NULL ORDER BY o.p"));
        assertThat(rows(answer).get(0)).containsExactly("2024-03-01", "110", "210", "110");
    }

    @Test
    void aRunningTotalWithoutResetRunsAcrossYears() {
        JsonNode answer = ok(query("{'measures':['amount'],'levels':['time.date'],'time':{'level':'time.date',"
                + "'granularity':'year','dateRange':{'from':'2020-01-01','to':'2024-12-31'}},"
                + "'calculations':[{'name':'total','type':'running','measure':'amount'}]}"));
        assertThat(rows(answer)).isEqualTo(sql(duck, "SELECT y, a, SUM(a) OVER (ORDER BY y) FROM (SELECT "
                + "CAST(date_trunc('year', day) AS DATE) AS y, SUM(amount) AS a FROM timeline GROUP BY y) ORDER BY y"));
    }

    @Test
    void rollingThreeMonthsCountsTheEmptyAprilAsEmpty() {
        JsonNode answer = byMonth("{'from':'2024-02-01','to':'2024-06-30'}",
                "{'name':'r3','type':'rolling','measure':'amount','along':'time.date','periods':3},"
                        + "{'name':'avg3','type':'rolling','measure':'amount','periods':3,'aggregation':'avg'},"
                        + "{'name':'max3','type':'rolling','measure':'amount','periods':3,'aggregation':'max'}", false);
        assertThat(rows(answer)).isEqualTo(sql(duck, MONTHS + "SELECT o.p, o.a, (SELECT SUM(amount) FROM timeline "
                + "WHERE day >= o.p - INTERVAL 2 MONTH AND day < o.p + INTERVAL 1 MONTH), "
                + "(SELECT AVG(x.a) FROM s x WHERE x.p BETWEEN o.p - INTERVAL 2 MONTH AND o.p), "
                + "(SELECT MAX(x.a) FROM s x WHERE x.p BETWEEN o.p - INTERVAL 2 MONTH AND o.p) "
                + "FROM s o WHERE o.p >= DATE '2024-02-01' AND o.a IS NOT NULL ORDER BY o.p"));
        assertThat(rows(answer)).containsExactly(List.of("2024-02-01", "70", "100", "50", "70"),
                List.of("2024-03-01", "110", "210", "70", "110"), List.of("2024-05-01", "70", "180", "90", "110"),
                List.of("2024-06-01", "245", "315", "157.5", "245"));
    }

    // ---- with the ranking seam, order, CSV, explain ----

    @Test
    void aRankSeesOnlyTheAskedPeriodsAndOrderMayUseACalculation() {
        JsonNode answer = ok(query("{'measures':['amount'],'levels':['time.date'],'time':{'level':'time.date',"
                + "'granularity':'month','dateRange':{'from':'2024-02-01','to':'2024-06-30'}},"
                + "'calculations':[{'name':'prev','type':'previousPeriod','measure':'amount'},"
                + "{'name':'rk','type':'rank','measure':'amount'}],'order':[{'by':'prev','dir':'desc'}]}"));
        assertThat(rows(answer)).containsExactly(List.of("2024-03-01", "110", "70", "2"), List.of("2024-06-01", "245", "70", "1"),
                List.of("2024-02-01", "70", "30", "3"), List.of("2024-05-01", "70", "null", "3"));
    }

    @Test
    void csvAndExplainCarryTheCalculations() {
        String body = "{'measures':['amount'],'levels':['time.date'],'time':{'level':'time.date','granularity':'month',"
                + "'dateRange':{'from':'2024-05-01','to':'2024-06-30'}},"
                + "'calculations':[{'name':'r2','type':'rolling','measure':'amount','periods':2}]}";
        HttpResponse<String> csv = client.send("POST", "/api/v1/cubes/timeline/query", q(body), "Authorization", PAM,
                "Accept", "text/csv");
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        assertThat(csv.body().lines().toList()).containsExactly("time.date,amount,r2", "2024-05-01,70,70", "2024-06-01,245,315");
        String explained = ok(client.as(ADMIN, "POST", "/api/v1/cubes/timeline/query/explain", q(body))).path("sql").asText();
        assertThat(explained).contains("ROWS BETWEEN 1 PRECEDING AND CURRENT ROW", "\"filled\"");
    }

    @Test
    void arrowCarriesTheFilledPeriodsAndTheCalculation() throws Exception {
        String body = q("{'measures':['amount'],'levels':['time.date'],'time':{'level':'time.date','granularity':'month',"
                + "'dateRange':{'from':'2024-03-01','to':'2024-05-31'},'fill':true},"
                + "'calculations':[{'name':'prev','type':'previousPeriod','measure':'amount'}]}");
        JsonNode json = ok(client.as(PAM, "POST", "/api/v1/cubes/timeline/query", body));
        byte[] arrow = CubeTesting.arrowStream(client, PAM, "timeline", body);
        try (RootAllocator allocator = new RootAllocator();
             ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(arrow), allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            assertThat(reader.loadNextBatch()).isTrue();
            List<Field> fields = root.getSchema().getFields();
            assertThat(fields.stream().map(Field::getName).toList()).containsExactly("time.date", "amount", "prev");
            assertThat(fields.get(0).getMetadata()).containsEntry("tessera.type", "date");
            List<List<String>> measures = new ArrayList<>();
            for (int r = 0; r < root.getRowCount(); r++) {
                measures.add(List.of(CubeTesting.cell(root.getVector(1).getObject(r)), CubeTesting.cell(root.getVector(2).getObject(r))));
            }
            assertThat(measures).isEqualTo(rows(json).stream().map(row -> row.subList(1, 3)).toList())
                    .containsExactly(List.of("110", "70"), List.of("null", "110"), List.of("70", "null"));
        }
    }

    // ---- bad input ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "'type':'previousPeriod','measure':'amount','show':'percent'                  | /calculations/0/show",
        "'type':'running','measure':'avgAmount'                                       | /calculations/0/measure",
        "'type':'running','measure':'amount','reset':'week'                           | /calculations/0/reset",
        "'type':'running','measure':'amount','show':'ratio'                           | /calculations/0/show",
        "'type':'rolling','measure':'amount','periods':0                              | /calculations/0/periods",
        "'type':'rolling','measure':'amount','periods':3,'aggregation':'median'       | /calculations/0/aggregation",
        "'type':'rolling','measure':'amount','periods':3,'along':'geo.region'         | /calculations/0/along"})
    void badPeriodCalculationsAreA422PointingAtThem(String calculation, String pointer) {
        assertThat(pointers(refused("'dateRange':'last 6 months'", "{'name':'c'," + calculation + "}"))).containsExactly(pointer);
    }

    @Test
    void aCalculationMayNotTakeTheNameOfAMeasure() {
        assertThat(pointers(refused("'dateRange':'last 6 months'", "{'name':'amount','type':'previousPeriod','measure':'amount'}")))
                .containsExactly("/calculations/0/name");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "'dateRange':{'from':'2024-01-15','to':'2024-06-30'}",
        "'dateRange':'last 7 days','now':'2024-06-15T10:00:00Z'"})
    void aRangeBeginningMidMonthIsRefusedByMonth(String range) {
        JsonNode problem = refused(range, "{'name':'p','type':'previousPeriod','measure':'amount'}");
        assertThat(pointers(problem)).containsExactly("/time/dateRange");
        assertThat(problem.toString()).contains("first day of a month");
    }

    static JsonNode refused(String range, String calculation) {
        return problem(query("{'measures':['amount','avgAmount'],'levels':['time.date'],'time':{'level':'time.date',"
                + "'granularity':'month'," + range + "},'calculations':[" + calculation + "]}"), 422);
    }

    @Test
    void periodCalculationsNeedTimeWithAGranularityAndARange() {
        JsonNode noTime = problem(query("{'measures':['amount'],'levels':['time.date'],"
                + "'calculations':[{'name':'p','type':'previousPeriod','measure':'amount'}]}"), 422);
        assertThat(pointers(noTime)).containsExactly("/calculations/0/type");
        assertThat(noTime.toString()).contains("granularity", "dateRange");
        JsonNode byWeek = problem(query("{'measures':['amount'],'levels':['time.date'],'time':{'level':'time.date',"
                + "'granularity':'week','dateRange':'last 4 weeks'},"
                + "'calculations':[{'name':'p','type':'samePeriodLastYear','measure':'amount'}]}"), 422);
        assertThat(pointers(byWeek)).containsExactly("/calculations/0/type");
    }
}
