package dev.tessera.server.client;

import static dev.tessera.server.client.ClientTesting.ADMIN;
import static dev.tessera.server.client.ClientTesting.cells;
import static dev.tessera.server.client.ClientTesting.password;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tessera.client.ArrowAnswer;
import dev.tessera.client.CubeQuery;
import dev.tessera.client.QueryAnswer;
import dev.tessera.client.Row;
import dev.tessera.client.TesseraClient;
import dev.tessera.client.TesseraProblemException;
import dev.tessera.client.auth.BasicAuth;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arrow answers on the running app, read by the Java client and by JavaScript (apache-arrow in node): the JSON
 * answer's table, dates and totals marker, under the same row cap and restriction, and the same table again when
 * the stream comes from the result cache. {@link TrinoArrowAnswersIT} runs every test on Trino.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ArrowAnswersIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("cube-it-config.yml");

    static TestClient raw;
    static TestClient adminPort;
    static TesseraClient ann;

    @BeforeAll
    static void setUp() {
        connect(APP);
    }

    /** ann and fred (France only) on this app; {@link TrinoArrowAnswersIT} calls it with its app. */
    static void connect(DropwizardAppExtension<TesseraConfiguration> app) {
        raw = TesseraTestApp.client(app);
        adminPort = new TestClient("http://127.0.0.1:" + app.getAdminPort());
        ClientTesting.createUser(raw, "ann", "ROLE_USER");
        ClientTesting.createUser(raw, "fred", "ROLE_USER", "ROLE_FR");
        HttpResponse<String> fr = raw.as(ADMIN, "PUT", "/api/v1/admin/restrictions/ROLE_FR", "{\"sales\":{\"geo.country\":[\"France\"]}}");
        assertThat(fr.statusCode()).as(fr.body()).isEqualTo(200);
        ann = client("ann");
    }

    static TesseraClient client(String username) {
        return TesseraClient.builder(URI.create(raw.baseUrl())).auth(new BasicAuth(username, password(username))).build();
    }

    static CubeQuery totalsQuery() throws Exception {
        return ClientTesting.JSON.readValue(ClientIT.TOTALS_QUERY, CubeQuery.class);
    }

    static JsonNode serverJson(String cube, String body) {
        HttpResponse<String> response = raw.as(ClientTesting.basicOf("ann"), "POST", "/api/v1/cubes/" + cube + "/query", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ClientTesting.json(response.body());
    }

    static QueryAnswer arrow(TesseraClient client, String cube, CubeQuery query) throws Exception {
        try (ArrowAnswer answer = client.queryArrow(cube, query)) {
            return answer.toAnswer();
        }
    }

    /** Whether this engine's Arrow answers come from its own Arrow export (DuckDB) rather than from rows (Trino). */
    boolean exportsArrow() {
        return true;
    }

    static long gauge(String name) {
        return ClientTesting.json(adminPort.get("/metrics").body()).path("gauges").path(name).path("value").asLong();
    }

    @Test
    void theStreamComesFromTheEnginesArrowExportOnDuckDbAndFromRowsElsewhere() throws Exception {
        long exported = gauge("tessera.arrow.encodedFromExport");
        long fromRows = gauge("tessera.arrow.encodedFromRows");
        CubeQuery query = CubeQuery.of(List.of("revenue", "orders", "avgQty"), List.of("geo.region", "time.date")).withLimit(7);
        QueryAnswer arrow = arrow(ann, "orders", query);
        assertThat(cells(arrow)).isEqualTo(cells(ann.query("orders", query))).hasSize(7);
        assertThat(arrow.page().truncated()).isTrue();
        assertThat(gauge("tessera.arrow.encodedFromExport")).isEqualTo(exported + (exportsArrow() ? 1 : 0));
        assertThat(gauge("tessera.arrow.encodedFromRows")).isEqualTo(fromRows + (exportsArrow() ? 0 : 1));
    }

    @Test
    void aRepeatedArrowAnswerIsTheSameTable() throws Exception {
        CubeQuery byRegion = CubeQuery.of(List.of("revenue", "orders"), List.of("geo.region", "time.date"));
        QueryAnswer first = arrow(ann, "orders", byRegion);
        QueryAnswer again = arrow(ann, "orders", byRegion);
        assertThat(cells(again)).as("the kept stream (DuckDB) or a new one (Trino)").isEqualTo(cells(first)).isNotEmpty();
        assertThat(again.page()).isEqualTo(first.page());
        assertThat(cells(first)).isEqualTo(cells(ann.query("orders", byRegion)));
        TesseraClient fred = client("fred");
        CubeQuery byCountry = CubeQuery.of(List.of("amount"), List.of("geo.country"));
        assertThat(arrow(ann, "sales", byCountry).rows()).hasSizeGreaterThan(1);
        assertThat(arrow(fred, "sales", byCountry).rows()).as("ann's kept stream is not fred's")
                .extracting(row -> row.get("geo.country")).containsExactly("France");
    }

    @Test
    void arrowReadByJavaIsTheJsonAnswerDatesAndTotalsIncluded() throws Exception {
        CubeQuery byDate = CubeQuery.of(List.of("revenue", "avgQty"), List.of("time.date"))
                .withFilters(ClientTesting.json("{\"level\":\"geo.region\",\"op\":\"eq\",\"value\":\"North\"}"))
                .withTotals(ClientTesting.json("{\"grand\":true}"));
        QueryAnswer json = ann.query("orders", byDate);
        assertThat(json.page().truncated()).as("the grand total is on this page").isFalse();
        QueryAnswer arrow;
        try (ArrowAnswer answer = ann.queryArrow("orders", byDate)) {
            arrow = answer.toAnswer();
        }
        assertThat(arrow.columns()).isEqualTo(json.columns());
        assertThat(cells(arrow)).isEqualTo(cells(json)).hasSize(json.rows().size());
        assertThat(arrow.rows().get(0).get("time.date")).isInstanceOf(LocalDate.class);
        assertThat(arrow.rows()).filteredOn(Row::isTotal).hasSize(1);

        try (ArrowAnswer totals = ann.queryArrow("orders", totalsQuery())) {
            assertThat(cells(totals.toAnswer())).isEqualTo(cells(ann.query("orders", totalsQuery())));
        }
    }

    @Test
    void arrowKeepsTheRowCapAndTheRestriction() throws Exception {
        CubeQuery byOrder = CubeQuery.of(List.of("revenue"), List.of("order.id"));
        try (ArrowAnswer capped = ann.queryArrow("orders", byOrder)) {
            QueryAnswer answer = capped.toAnswer();
            assertThat(answer.rows()).hasSize(25);
            assertThat(answer.page().truncated()).isTrue();
            assertThat(answer.page()).isEqualTo(ann.query("orders", byOrder).page());
        }
        TesseraClient fred = client("fred");
        try (ArrowAnswer france = fred.queryArrow("sales", CubeQuery.of(List.of("amount"), List.of("geo.country")))) {
            assertThat(france.toAnswer().rows()).extracting(row -> row.get("geo.country")).containsExactly("France");
        }
        TesseraProblemException hidden = catchThrowableOfType(TesseraProblemException.class,
                () -> fred.queryArrow("secret", CubeQuery.of(List.of("amount"), List.of("geo.country"))));
        assertThat(hidden.status()).as("a fail-closed cube is refused as problem+json, Arrow asked or not").isEqualTo(403);
        TesseraProblemException invalid = catchThrowableOfType(TesseraProblemException.class,
                () -> ann.queryArrow("orders", CubeQuery.of(List.of("nothing"), List.of())));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.errors()).extracting(TesseraProblemException.FieldError::pointer).containsExactly("/measures/0");
    }

    @Test
    void arrowReadByJavaScriptIsTheSameTable(@TempDir Path tmp) throws Exception {
        HttpResponse<byte[]> arrow = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(raw.baseUrl()
                        + "/api/v1/cubes/orders/query"))
                .header("Authorization", ClientTesting.basicOf("ann")).header("Content-Type", "application/json")
                .header("Accept", TesseraClient.ARROW_STREAM)
                .POST(HttpRequest.BodyPublishers.ofString(ClientIT.TOTALS_QUERY)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(arrow.statusCode()).isEqualTo(200);
        assertThat(arrow.headers().firstValue("Content-Type")).hasValue(TesseraClient.ARROW_STREAM);

        JsonNode js = ClientTesting.readWithJavaScript(arrow.body(), tmp);
        List<List<String>> jsRows = new ArrayList<>();
        js.path("rows").forEach(row -> {
            List<String> cells = new ArrayList<>();
            row.forEach(c -> cells.add(c.isNull() ? "null" : number(c.asText())));
            jsRows.add(cells);
        });
        List<List<String>> jsonRows = cells(serverJson("orders", ClientIT.TOTALS_QUERY)).stream()
                .map(row -> row.stream().map(ArrowAnswersIT::number).toList()).toList();
        assertThat(jsRows).isEqualTo(jsonRows).isNotEmpty();
        assertThat(js.path("columns").get(5).path("name").asText()).isEqualTo("_grouping");
        assertThat(js.path("columns").get(2).path("type").asText()).isEqualTo("decimal");
        assertThat(js.path("page").path("tessera.page.truncated").asText()).isEqualTo("false");
    }

    /** A number in any spelling (JavaScript's, Java's) as one canonical text; any other text as it is. */
    static String number(String text) {
        try {
            return ClientTesting.cell(new BigDecimal(text));
        } catch (NumberFormatException e) {
            return text;
        }
    }
}
