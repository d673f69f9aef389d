package dev.tessera.server;

import static dev.tessera.server.testing.TestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request bodies are read strictly: a key given twice, bytes that are not UTF-8, or a value of the wrong kind is a
 * 400 that names the key or field and says what was expected; a number no query can use is a 422 in words.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class StrictInputIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("cube-it-config.yml");
    static final String ADMIN = basic("admin", "admin-password-1");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestClient client = TesseraTestApp.client(APP);

    private static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).doesNotContain("Exception", "com.fasterxml", "java.");
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> postBytes(String path, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(client.baseUrl() + path))
                .header("Content-Type", "application/json").header("Authorization", ADMIN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- duplicate keys

    @Test
    void aKeyGivenTwiceIsRefusedByName() throws Exception {
        JsonNode twice = problem(client.as(ADMIN, "POST", "/api/v1/admin/basic-users",
                "{\"username\":\"dora\",\"password\":\"dora-password-1\",\"username\":\"admin\"}"), 400);
        assertThat(twice.path("detail").asText()).contains("'username'", "twice");
        assertThat(twice.path("errors").get(0).path("pointer").asText()).isEqualTo("/username");
        assertThat(client.as(ADMIN, "GET", "/api/v1/admin/users/dora/roles", null).statusCode()).isEqualTo(404);

        JsonNode nested = problem(client.as(ADMIN, "POST", "/api/v1/cubes/sales/query", "{\"measures\":[\"amount\"],"
                + "\"filters\":{\"and\":[{\"level\":\"geo.continent\",\"op\":\"eq\",\"values\":[\"Asia\"],\"op\":\"ne\"}]}}"), 400);
        assertThat(nested.path("detail").asText()).contains("'op'");
        assertThat(nested.path("errors").get(0).path("pointer").asText()).isEqualTo("/filters/and/0/op");

        JsonNode restriction = problem(client.as(ADMIN, "PUT", "/api/v1/admin/restrictions/ROLE_DUP",
                "{\"sales\":{\"geo.country\":[\"France\"]},\"sales\":\"all\"}"), 400);
        assertThat(restriction.path("detail").asText()).contains("'sales'");
    }

    // ---------------------------------------------------------------- bytes that are not UTF-8

    @ParameterizedTest
    @ValueSource(strings = {
        "C0AF",       // overlong '/'
        "C1BF",       // overlong
        "E080AF",     // overlong, three bytes
        "F08080AF",   // overlong, four bytes
        "EDA080",     // a UTF-16 surrogate (CESU-8)
        "F4908080",   // past U+10FFFF
        "FF", "FE",   // never in UTF-8
        "80",         // a continuation byte alone
        "C3",         // a lead byte cut short (the next byte is the closing quote)
        "E282"})      // likewise, three-byte
    void bytesThatAreNotUtf8AreA400(String hex) throws Exception {
        byte[] body = concat("{\"measures\":[\"amount\"],\"filters\":{\"level\":\"geo.continent\",\"op\":\"eq\","
                + "\"values\":[\"Eu", HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT)), "rope\"]}}");
        JsonNode problem = problem(postBytes("/api/v1/cubes/sales/query", body), 400);
        assertThat(problem.path("detail").asText()).contains("UTF-8");
    }

    @Test
    void badBytesFarIntoALongBodyAreFoundToo() throws Exception {
        // Multi-byte characters across the reader's buffer boundaries, then an overlong '/' past them.
        String padding = "\"\u00e9\u20ac\ud83d\ude00\",".repeat(3000);
        byte[] bad = concat("{\"measures\":[\"amount\"],\"filters\":{\"level\":\"geo.continent\",\"op\":\"in\",\"values\":["
                + padding + "\"a", new byte[] {(byte) 0xC0, (byte) 0xAF}, "b\"]}}");
        assertThat(problem(postBytes("/api/v1/cubes/sales/query", bad), 400).path("detail").asText()).contains("UTF-8");

        byte[] good = concat("{\"measures\":[\"amount\"],\"filters\":{\"level\":\"geo.continent\",\"op\":\"in\",\"values\":["
                + padding + "\"Europe\"]}}", new byte[0], "");
        HttpResponse<String> answered = postBytes("/api/v1/cubes/sales/query", good);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(answered.body()).contains("1800");
    }

    // ---------------------------------------------------------------- values of the wrong kind

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        /api/v1/cubes/sales/query         | {"measures":"amount"}                               | /measures      | a list
        /api/v1/cubes/sales/query         | {"measures":[["amount"]]}                           | /measures/0    | a string
        /api/v1/cubes/sales/query         | {"measures":["amount"],"limit":"ten"}               | /limit         | an integer
        /api/v1/cubes/sales/query         | {"measures":["amount"],"limit":1.5}                 | /limit         | an integer
        /api/v1/cubes/sales/query         | {"measures":["amount"],"limit":99999999999}         | /limit         | an integer
        /api/v1/cubes/sales/query         | {"measures":["amount"],"totals":{"grand":"yes"}}    | /totals/grand  | true or false
        /api/v1/cubes/sales/query         | {"measures":["amount"],"totals":[]}                 | /totals        | an object
        /api/v1/cubes/sales/query         | {"measures":["amount"],"order":[{"by":["amount"]}]} | /order/0/by    | a string
        /api/v1/cubes/sales/query         | []                                                  | /              | an object
        /api/v1/admin/basic-users         | ["bob"]                                             | /              | an object
        /api/v1/admin/basic-users         | {"username":{"a":1},"password":"long-enough-1"}     | /username      | a string
        """)
    void aValueOfTheWrongKindSaysWhichFieldAndWhatWasExpected(String path, String body, String pointer, String expected)
            throws Exception {
        JsonNode problem = problem(client.as(ADMIN, "POST", path, body), 400);
        String detail = problem.path("detail").asText();
        assertThat(detail).as(body).contains(pointer.equals("/") ? "body" : "'" + pointer + "'", expected)
                .doesNotContain("expected shape");
        assertThat(problem.path("errors").get(0).path("pointer").asText()).as(body).isEqualTo(pointer);
    }

    @Test
    void aListOfRolesOfTheWrongKindSaysSoToo() throws Exception {
        JsonNode object = problem(client.as(ADMIN, "PUT", "/api/v1/admin/users/bob/roles", "{\"role\":\"x\"}"), 400);
        assertThat(object.path("detail").asText()).contains("a list").doesNotContain("expected shape");
        JsonNode nested = problem(client.as(ADMIN, "PUT", "/api/v1/admin/users/bob/roles", "[\"ROLE_USER\",{\"a\":1}]"), 400);
        assertThat(nested.path("detail").asText()).contains("'/1'", "a string");
    }

    // ---------------------------------------------------------------- numbers no query can use

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        /api/v1/cubes/sales/query  | {"measures":["amount"],"having":[{"measure":"amount","op":"gt","value":1e400}]}   | /having/0/value
        /api/v1/cubes/sales/query  | {"measures":["amount"],"having":[{"measure":"amount","op":"gt","value":-1e400}]}  | /having/0/value
        /api/v1/cubes/orders/query | {"measures":["revenue"],"having":[{"measure":"revenue","op":"gt","value":1e400}]} | /having/0/value
        /api/v1/cubes/orders/query | {"measures":["units"],"filters":{"level":"price.price","op":"lt","value":1e400}}  | /filters/value
        """)
    void aNumberTooLargeToUseIsA422InWords(String path, String body, String pointer) throws Exception {
        JsonNode problem = problem(client.as(ADMIN, "POST", path, body), 422);
        // Said in words: what the field takes and what was sent (or that it is too large), never Java's message.
        assertThat(problem.path("detail").asText()).as(body).doesNotContain("Character", "decimal digit", "Infinity")
                .containsAnyOf("too large", "expected");
        assertThat(problem.path("errors").get(0).path("pointer").asText()).isEqualTo(pointer);
    }
}
