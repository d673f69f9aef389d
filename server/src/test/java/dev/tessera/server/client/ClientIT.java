package dev.tessera.server.client;

import static dev.tessera.server.client.ClientTesting.ADMIN;
import static dev.tessera.server.client.ClientTesting.cells;
import static dev.tessera.server.client.ClientTesting.password;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tessera.client.CubeQuery;
import dev.tessera.client.CubeSummary;
import dev.tessera.client.QueryAnswer;
import dev.tessera.client.Row;
import dev.tessera.client.TesseraClient;
import dev.tessera.client.TesseraProblemException;
import dev.tessera.client.auth.BasicAuth;
import dev.tessera.client.auth.ClientAuth;
import dev.tessera.client.auth.SessionCookieAuth;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Java client against the running app with the Basic backend: cubes, metadata, members, typed rows, streamed
 * CSV, problem+json as exceptions, the session cookie ({@link ArrowAnswersIT}: Arrow, in Java and in JavaScript).
 * Every answer is checked against the server's own JSON answer, fetched without the client.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ClientIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("cube-it-config.yml");
    /** revenue (decimal), orders (int), avgQty (double) by region and year (int), with the grand total and subtotals. */
    static final String TOTALS_QUERY = "{\"measures\":[\"revenue\",\"orders\",\"avgQty\"],\"levels\":[\"geo.region\",\"time.year\"],"
            + "\"totals\":{\"grand\":true,\"subtotals\":[\"geo.region\"]},\"order\":[{\"by\":\"geo.region\"},{\"by\":\"time.year\"}]}";

    static TestClient raw;
    static TesseraClient ann;

    @BeforeAll
    static void setUp() {
        raw = TesseraTestApp.client(APP);
        ClientTesting.createUser(raw, "ann", "ROLE_USER");
        ClientTesting.createUser(raw, "fred", "ROLE_USER", "ROLE_FR");
        ClientTesting.createUser(raw, "nobody");
        HttpResponse<String> fr = raw.as(ADMIN, "PUT", "/api/v1/admin/restrictions/ROLE_FR", "{\"sales\":{\"geo.country\":[\"France\"]}}");
        assertThat(fr.statusCode()).as(fr.body()).isEqualTo(200);
        ann = client(new BasicAuth("ann", password("ann")));
    }

    static TesseraClient client(ClientAuth auth) {
        return TesseraClient.builder(URI.create(raw.baseUrl())).auth(auth).build();
    }

    static CubeQuery totalsQuery() throws Exception {
        return ClientTesting.JSON.readValue(TOTALS_QUERY, CubeQuery.class);
    }

    static JsonNode serverJson(String cube, String body) {
        HttpResponse<String> response = raw.as(ClientTesting.basicOf("ann"), "POST", "/api/v1/cubes/" + cube + "/query", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ClientTesting.json(response.body());
    }

    @Test
    void listsTheCubesTheUserMaySeeWithMetadataAndMembers() throws Exception {
        assertThat(ann.listCubes()).extracting(CubeSummary::name).contains("orders", "sales", "grid").doesNotContain("secret");
        assertThat(ann.metadata("orders").levelRefs()).contains("geo.region", "time.date", "price.price");
        assertThat(ann.metadata("orders").measures()).anySatisfy(m -> {
            assertThat(m.name()).isEqualTo("avgPrice");
            assertThat(m.aggregation()).isEqualTo("formula");
        });
        assertThat(ann.members("orders", "geo.region", "or", 10).members()).containsExactly("North");
    }

    @Test
    void typedRowsAreTheServersJsonAnswerWithTotalsMarked() throws Exception {
        QueryAnswer answer = ann.query("orders", totalsQuery());
        assertThat(answer.columnNames()).containsExactly("geo.region", "time.year", "revenue", "orders", "avgQty", "_grouping");
        assertThat(cells(answer)).isEqualTo(cells(serverJson("orders", TOTALS_QUERY)));
        Row first = answer.rows().get(0);
        assertThat(first.get("revenue")).isInstanceOf(BigDecimal.class);
        assertThat(first.get("orders")).isInstanceOf(Long.class);
        assertThat(first.get("avgQty")).isInstanceOf(Double.class);
        assertThat(answer.rows()).filteredOn(Row::isTotal).isNotEmpty()
                .anySatisfy(total -> assertThat(total.get("geo.region")).isNull());
    }

    @Test
    void csvIsStreamedRowByRow() throws Exception {
        // 9,000 of the grid's 10,000 members: csvMaxRows is 9,000.
        CubeQuery all = CubeQuery.of(List.of("rows"), List.of("n.n"))
                .withFilters(ClientTesting.json("{\"level\":\"n.n\",\"op\":\"lt\",\"value\":9000}"));
        long lines;
        String header;
        try (InputStream csv = ann.queryCsv("grid", all);
             BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
            header = reader.readLine();
            lines = reader.lines().count();
        }
        assertThat(header).isEqualTo("n.n,rows");
        assertThat(lines).isEqualTo(9000);
    }

    @Test
    void problemsBecomeExceptionsWithStatusTitleDetailAndPointers() {
        TesseraProblemException invalid = catchThrowableOfType(TesseraProblemException.class,
                () -> ann.query("orders", CubeQuery.of(List.of("revenue"), List.of("geo.nowhere"))));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.title()).isEqualTo("Unprocessable Content");
        assertThat(invalid.errors()).extracting(TesseraProblemException.FieldError::pointer).containsExactly("/levels/0");
        assertThat(invalid.errors().get(0).detail()).contains("geo.nowhere");

        TesseraProblemException noCube = catchThrowableOfType(TesseraProblemException.class, () -> ann.metadata("nope"));
        assertThat(noCube.status()).isEqualTo(404);
        assertThat(noCube.detail()).contains("GET /api/v1/cubes");

        TesseraProblemException badPassword = catchThrowableOfType(TesseraProblemException.class,
                () -> client(new BasicAuth("ann", "wrong-password")).listCubes());
        assertThat(badPassword.status()).isEqualTo(401);

        TesseraProblemException noRole = catchThrowableOfType(TesseraProblemException.class,
                () -> client(new BasicAuth("nobody", password("nobody"))).listCubes());
        assertThat(noRole.status()).isEqualTo(403);
        assertThat(noRole.detail()).isNotBlank();
    }

    @Test
    void aSessionCookieFromTheLoginFormRunsQueries() throws Exception {
        SessionCookieAuth cookie = new SessionCookieAuth("ann", password("ann"));
        TesseraClient viaCookie = client(cookie);
        assertThat(viaCookie.listCubes()).extracting(CubeSummary::name).contains("orders");
        assertThat(cells(viaCookie.query("orders", totalsQuery()))).isEqualTo(cells(ann.query("orders", totalsQuery())));
        assertThat(cookie.toString()).doesNotContain(password("ann"));

        assertThatThrownBy(() -> client(new SessionCookieAuth("ann", "wrong-password")).listCubes())
                .isInstanceOf(IOException.class).hasMessageContaining("401");
    }
}
