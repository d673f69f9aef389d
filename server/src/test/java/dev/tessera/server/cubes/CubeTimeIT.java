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
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A query's {@code time} over HTTP on the running app: granularities (a leap day, ISO week 53, weeks from Sunday),
 * absolute and relative ranges against a pinned {@code now}, time zones per request and per cube (timestamps near
 * midnight UTC), {@code fill} (an April without sales), the answer's {@code time}, explain, CSV and every bad input.
 * Each answer is checked against hand-written SQL on a separate DuckDB over the same CSV, or against rows written
 * out by hand where the point is the calendar. {@link TrinoCubeTimeIT} runs every test again on Trino.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CubeTimeIT extends OracleCubeIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("cube-time-config.yml");
    static final String ANN = auth("tim");
    static final String NOW = "'now':'2024-06-15T10:00:00Z'";

    @BeforeAll
    static void setUp() {
        connect(APP);
    }

    /** The client on this app, tim created, and the oracle DuckDB; {@link TrinoCubeTimeIT} calls it with its app. */
    static void connect(DropwizardAppExtension<TesseraConfiguration> app) {
        open(app, "tim", "timeline");
    }

    static HttpResponse<String> query(String cube, String body) {
        return CubeTesting.query(client, ANN, cube, body);
    }

    static JsonNode timeQuery(String time) {
        return ok(query("timeline", "{'measures':['amount','sales'],'levels':['time.date'],'time':{'level':'time.date',"
                + time + "}}"));
    }

    // ---- granularity ----

    @ParameterizedTest(name = "{0}")
    @CsvSource({"day", "week", "month", "quarter", "year"})
    void eachGranularityGroupsByThePeriodsFirstDay(String granularity) {
        JsonNode answer = timeQuery("'granularity':'" + granularity + "'");
        assertThat(rows(answer)).isEqualTo(sql(duck, "SELECT CAST(date_trunc('" + granularity + "', day) AS DATE) AS p, "
                + "SUM(amount), COUNT(*) FROM timeline GROUP BY p ORDER BY p"));
        assertThat(answer.path("columns").get(0).path("type").asText()).isEqualTo("date");
        assertThat(answer.path("time").path("granularity").asText()).isEqualTo(granularity);
    }

    @Test
    void theLeapDayIsADayOfItsOwnAndFebruary2024HasIt() {
        JsonNode days = timeQuery("'granularity':'day','dateRange':{'from':'2024-02-28','to':'2024-03-01'}");
        assertThat(rows(days)).containsExactly(List.of("2024-02-28", "30", "1"), List.of("2024-02-29", "40", "1"),
                List.of("2024-03-01", "50", "1"));
        JsonNode months = timeQuery("'granularity':'month','dateRange':{'from':'2024-02-01','to':'2024-02-29'}");
        assertThat(rows(months)).containsExactly(List.of("2024-02-01", "70", "2"));
    }

    @Test
    void isoWeek53Of2020RunsFromMonday28DecemberIntoJanuary2021() {
        JsonNode weeks = timeQuery("'granularity':'week','dateRange':{'from':'2020-12-28','to':'2021-01-10'}");
        assertThat(rows(weeks)).isEqualTo(sql(duck, "SELECT CAST(day - (isodow(day) - 1) * INTERVAL 1 DAY AS DATE) AS w, "
                + "SUM(amount), COUNT(*) FROM timeline WHERE day BETWEEN DATE '2020-12-28' AND DATE '2021-01-10' "
                + "GROUP BY w ORDER BY w"));
        assertThat(rows(weeks)).containsExactly(List.of("2020-12-28", "15", "4"), List.of("2021-01-04", "16", "1"));
    }

    @Test
    void weeksMayBeginOnSundayPerRequestOrPerCube() {
        String range = "'dateRange':{'from':'2020-12-27','to':'2021-01-09'}";
        JsonNode weeks = timeQuery("'granularity':'week','weekStart':'sunday'," + range);
        assertThat(rows(weeks)).isEqualTo(sql(duck, "SELECT CAST(day - dayofweek(day) * INTERVAL 1 DAY AS DATE) AS w, "
                + "SUM(amount), COUNT(*) FROM timeline WHERE day BETWEEN DATE '2020-12-27' AND DATE '2021-01-09' "
                + "GROUP BY w ORDER BY w"));
        assertThat(rows(weeks)).containsExactly(List.of("2020-12-27", "7", "3"), List.of("2021-01-03", "24", "2"));
        JsonNode paris = ok(query("paris", "{'measures':['amount'],'levels':['time.date'],'time':{'level':'time.date',"
                + "'granularity':'week'," + range + "}}"));
        assertThat(rows(paris)).containsExactly(List.of("2020-12-27", "7"), List.of("2021-01-03", "24"));
        assertThat(paris.path("time").path("weekStart").asText()).isEqualTo("sunday");
    }

    // ---- date ranges ----

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "last 12 months, 2023-06-01, 2024-05-31",
        "this quarter,   2024-04-01, 2024-06-30",
        "year to date,   2024-01-01, 2024-06-15",
        "last 7 days,    2024-06-08, 2024-06-14",
        "last week,      2024-06-03, 2024-06-09",
        "month to date,  2024-06-01, 2024-06-15",
        "last year,      2023-01-01, 2023-12-31",
        "today,          2024-06-15, 2024-06-15",
        "yesterday,      2024-06-14, 2024-06-14"})
    void relativeRangesResolveAgainstThePinnedNow(String range, String from, String to) {
        JsonNode answer = timeQuery("'dateRange':'" + range + "'," + NOW);
        assertThat(rows(answer)).isEqualTo(sql(duck, "SELECT day, SUM(amount), COUNT(*) FROM timeline "
                + "WHERE day BETWEEN CAST(? AS DATE) AND CAST(? AS DATE) GROUP BY day ORDER BY day", from, to));
        JsonNode time = answer.path("time");
        assertThat(time.path("from").asText()).isEqualTo(from);
        assertThat(time.path("to").asText()).isEqualTo(to);
        assertThat(time.path("now").asText()).isEqualTo("2024-06-15T10:00:00Z");
        assertThat(time.path("timeZone").asText()).isEqualTo("UTC");
    }

    @Test
    void todayIsTheDayInTheQuerysTimeZone() {
        JsonNode tokyo = timeQuery("'dateRange':'today','timeZone':'Asia/Tokyo','now':'2024-06-14T20:00:00Z'");
        assertThat(tokyo.path("time").path("from").asText()).isEqualTo("2024-06-15");
        assertThat(rows(tokyo)).containsExactly(List.of("2024-06-15", "90", "1"));
    }

    @Test
    void withoutNowTheServersClockResolvesTheRange() {
        JsonNode answer = timeQuery("'dateRange':'today'");
        String today = sql(duck, "SELECT CAST(current_timestamp AT TIME ZONE 'UTC' AS DATE)").get(0).get(0);
        assertThat(answer.path("time").path("from").asText()).isEqualTo(today);
        assertThat(answer.path("time").path("now").asText()).startsWith(today);
    }

    @Test
    void aRangeFiltersWithoutTheLevelAmongLevels() {
        JsonNode answer = ok(query("timeline", "{'measures':['amount'],'levels':['geo.region'],'time':{'level':'time.date',"
                + "'dateRange':'year to date'," + NOW + "}}"));
        assertThat(rows(answer)).isEqualTo(sql(duck, "SELECT region, SUM(amount) FROM timeline "
                + "WHERE day BETWEEN DATE '2024-01-01' AND DATE '2024-06-15' GROUP BY region ORDER BY region"));
    }

    // ---- time zones ----

    @Test
    void timestampsNearMidnightUtcFallOnTheNextDayInParis() {
        String body = "{'measures':['amount'],'levels':['time.at'],'time':{'level':'time.at','granularity':'day',"
                + "'timeZone':'Europe/Paris','dateRange':{'from':'2024-01-31','to':'2024-04-01'}}}";
        JsonNode paris = ok(query("timeline", body));
        // 23:30 UTC on 31 January is 00:30 on 1 February in Paris (winter, +1); 22:30 UTC on 31 March is 00:30 on
        // 1 April (summer time began that night, +2).
        assertThat(rows(paris)).containsExactly(List.of("2024-02-01", "20"), List.of("2024-02-28", "30"),
                List.of("2024-02-29", "40"), List.of("2024-03-01", "50"), List.of("2024-04-01", "60"));
        JsonNode utc = ok(query("timeline", body.replace("'timeZone':'Europe/Paris',", "")));
        assertThat(rows(utc)).isEqualTo(sql(duck, "SELECT CAST(\"at\" AS DATE) AS d, SUM(amount) FROM timeline "
                + "WHERE \"at\" >= TIMESTAMP '2024-01-31 00:00:00' AND \"at\" < TIMESTAMP '2024-04-02 00:00:00' GROUP BY d ORDER BY d"));
        assertThat(rows(utc)).contains(List.of("2024-01-31", "20"), List.of("2024-03-31", "60"));
    }

    @Test
    void newYorkSeesTheFirstOfMarchSaleOnTheLeapDay() {
        JsonNode ny = ok(query("timeline", "{'measures':['amount'],'levels':['time.at'],'time':{'level':'time.at',"
                + "'granularity':'day','timeZone':'America/New_York','dateRange':{'from':'2024-02-29','to':'2024-02-29'}}}"));
        assertThat(rows(ny)).containsExactly(List.of("2024-02-29", "90"));
    }

    @Test
    void theCubesTimeZoneAppliesToTimestampsButNotToDates() {
        String months = "'granularity':'month','dateRange':{'from':'2024-01-01','to':'2024-06-30'}";
        JsonNode at = ok(query("paris", "{'measures':['amount'],'levels':['time.at'],'time':{'level':'time.at'," + months + "}}"));
        assertThat(rows(at)).containsExactly(List.of("2024-01-01", "10"), List.of("2024-02-01", "90"),
                List.of("2024-03-01", "50"), List.of("2024-04-01", "60"), List.of("2024-05-01", "70"),
                List.of("2024-06-01", "245"));
        assertThat(at.path("time").path("timeZone").asText()).isEqualTo("Europe/Paris");
        JsonNode dates = ok(query("paris", "{'measures':['amount'],'levels':['time.date'],'time':{'level':'time.date',"
                + months + "}}"));
        assertThat(rows(dates)).isEqualTo(sql(duck, "SELECT CAST(date_trunc('month', day) AS DATE) AS m, SUM(amount) "
                + "FROM timeline WHERE day BETWEEN DATE '2024-01-01' AND DATE '2024-06-30' GROUP BY m ORDER BY m"));
    }

    @Test
    void totalsAndSubtotalsGroupThePeriods() {
        JsonNode answer = ok(query("timeline", "{'measures':['amount'],'levels':['time.date','geo.region'],"
                + "'totals':{'grand':true,'subtotals':['time.date']},'time':{'level':'time.date','granularity':'quarter',"
                + "'dateRange':'year to date'," + NOW + "}}"));
        assertThat(rows(answer)).isEqualTo(sql(duck, "SELECT q, region, SUM(amount), GROUPING(q, region) FROM (SELECT "
                + "CAST(date_trunc('quarter', day) AS DATE) AS q, region, amount FROM timeline "
                + "WHERE day BETWEEN DATE '2024-01-01' AND DATE '2024-06-15') t "
                + "GROUP BY GROUPING SETS ((q, region), (q), ()) ORDER BY GROUPING(q), q, GROUPING(region), region"));
        assertThat(rows(answer)).hasSize(7);
    }

    // ---- fill ----

    @Test
    void fillAddsTheMonthWithoutSalesAsEmpty() {
        JsonNode answer = timeQuery("'granularity':'month','dateRange':{'from':'2024-01-01','to':'2024-06-30'},'fill':true");
        assertThat(rows(answer)).isEqualTo(sql(duck, "SELECT p.m, SUM(t.amount), CASE WHEN COUNT(t.day) = 0 THEN NULL "
                + "ELSE COUNT(t.day) END FROM (SELECT CAST(range AS DATE) AS m FROM range(DATE '2024-01-01', DATE '2024-07-01', "
                + "INTERVAL 1 MONTH)) p LEFT JOIN timeline t ON date_trunc('month', t.day) = p.m GROUP BY p.m ORDER BY p.m"));
        assertThat(rows(answer).get(3)).containsExactly("2024-04-01", "null", "null");
        assertThat(answer.path("time").path("filled").asBoolean()).isTrue();
    }

    @Test
    void fillCrossesThePeriodsWithEachMemberOfTheOtherLevels() {
        JsonNode answer = ok(query("timeline", "{'measures':['amount'],'levels':['geo.region','time.date'],"
                + "'time':{'level':'time.date','granularity':'month','dateRange':'last 6 months'," + NOW + ",'fill':true},"
                + "'order':[{'by':'time.date','dir':'desc'}]}"));
        assertThat(rows(answer)).isEqualTo(sql(duck, "SELECT r.region, p.m, SUM(t.amount) AS a FROM "
                + "(SELECT CAST(range AS DATE) AS m FROM range(DATE '2023-12-01', DATE '2024-06-01', INTERVAL 1 MONTH)) p "
                + "CROSS JOIN (SELECT DISTINCT region FROM timeline WHERE day BETWEEN DATE '2023-12-01' AND DATE '2024-05-31') r "
                + "LEFT JOIN timeline t ON date_trunc('month', t.day) = p.m AND t.region = r.region "
                + "GROUP BY r.region, p.m ORDER BY p.m DESC, r.region"));
        assertThat(rows(answer)).hasSize(12);
    }

    @Test
    void fillPagesAndExportsAsCsv() {
        String body = "{'measures':['amount'],'levels':['time.date'],'time':{'level':'time.date','granularity':'month',"
                + "'dateRange':{'from':'2024-01-01','to':'2024-06-30'},'fill':true},'limit':2,'offset':3}";
        JsonNode page = ok(query("timeline", body));
        assertThat(rows(page)).containsExactly(List.of("2024-04-01", "null"), List.of("2024-05-01", "70"));
        assertThat(page.path("page").path("truncated").asBoolean()).isTrue();
        HttpResponse<String> csv = client.send("POST", "/api/v1/cubes/timeline/query", q(body.replace(",'limit':2,'offset':3", "")),
                "Authorization", ANN, "Accept", "text/csv");
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        assertThat(csv.body().lines().toList()).containsExactly("time.date,amount", "2024-01-01,30", "2024-02-01,70",
                "2024-03-01,110", "2024-04-01,", "2024-05-01,70", "2024-06-01,245");
    }

    // ---- explain, no time, bad input ----

    @Test
    void explainShowsTheTruncationTheZoneAndTheBoundRange() {
        JsonNode explained = ok(client.as(ADMIN, "POST", "/api/v1/cubes/timeline/query/explain", q("{'measures':['amount'],"
                + "'levels':['time.at'],'time':{'level':'time.at','granularity':'week','weekStart':'sunday',"
                + "'timeZone':'Europe/Paris','dateRange':'last 7 days'," + NOW + "}}")));
        String sqlText = explained.path("sql").asText();
        assertThat(sqlText).contains("date_trunc('week'", "Europe/Paris", "INTERVAL '6' DAY").doesNotContain("2024-06-08");
        assertThat(explained.toString()).contains("timestamp");
    }

    @Test
    void aQueryWithoutTimeAnswersWithoutIt() {
        JsonNode answer = ok(query("timeline", "{'measures':['amount'],'levels':['time.date']}"));
        assertThat(answer.has("time")).isFalse();
        assertThat(rows(answer)).isEqualTo(sql(duck, "SELECT day, SUM(amount) FROM timeline GROUP BY day ORDER BY day"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "'level':'geo.region'                                          | /time/level",
        "'level':'time.nope'                                           | /time/level",
        "'level':'time.date','granularity':'fortnight'                 | /time/granularity",
        "'level':'time.date','granularity':'months'                    | /time/granularity",
        "'level':'time.at','granularity':'day'                         | /time/granularity",
        "'level':'time.date','weekStart':'funday'                      | /time/weekStart",
        "'level':'time.date','timeZone':'Mars/Olympus'                 | /time/timeZone",
        "'level':'time.date','timeZone':'UTC\\'; DROP TABLE timeline'  | /time/timeZone",
        "'level':'time.date','now':'yesterday'                         | /time/now",
        "'level':'time.date','dateRange':'since the dawn of time'      | /time/dateRange",
        "'level':'time.date','dateRange':{'from':'2024-02-30','to':'2024-03-01'} | /time/dateRange/from",
        "'level':'time.date','dateRange':{'from':'2024-03-01','to':'2024-02-01'} | /time/dateRange/to",
        "'level':'time.date','dateRange':{'from':'2024-03-01'}         | /time/dateRange",
        "'level':'time.date','now':'+999999999-12-31T00:00:00Z','dateRange':'this year' | /time/now",
        "'level':'time.date','dateRange':{'from':'+999999999-01-01','to':'2024-12-31'} | /time/dateRange/from",
        "'level':'time.date','dateRange':{'from':'2024-01-01','to':'+10000-01-01'} | /time/dateRange/to",
        "'level':'time.date','now':'2024-06-15T00:00:00Z','dateRange':'last 100000 years' | /time/dateRange",
        "'level':'time.date','granularity':'month','fill':true         | /time/fill",
        "'level':'time.date','granularity':'day','dateRange':{'from':'1900-01-01','to':'2024-01-01'},'fill':true | /time/fill"})
    void badTimeIsA422PointingAtIt(String time, String pointer) {
        JsonNode problem = problem(query("timeline", "{'measures':['amount'],'levels':['time.date'],'time':{" + time + "}}"), 422);
        assertThat(pointers(problem)).containsExactly(pointer);
    }

    @Test
    void fillWithTotalsIsRefusedRatherThanAnsweredWrong() {
        JsonNode problem = problem(query("timeline", "{'measures':['amount'],'levels':['time.date'],'totals':{'grand':true},"
                + "'time':{'level':'time.date','granularity':'month','dateRange':'last 6 months','fill':true}}"), 422);
        assertThat(pointers(problem)).containsExactly("/time/fill");
        assertThat(problem.toString()).contains("totals");
    }

    @Test
    void anUnknownKeyInTimeIsRefusedNamingTheKeys() {
        HttpResponse<String> response = query("timeline", "{'measures':['amount'],'time':{'level':'time.date','grain':'day'}}");
        assertThat(response.statusCode()).as(response.body()).isBetween(400, 422);
        assertThat(response.body()).contains("grain", "granularity");
    }
}
