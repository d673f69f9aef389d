package dev.tessera.server.http;

import static dev.tessera.server.testing.TestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * maxRequestBodySize with its default, 1 MiB, on the running app: bodies just under, at and past the limit, sent
 * with a Content-Length and chunked (no length: counted as read), to the query, an admin resource and the login
 * form, with and without credentials. Past the limit is a 413 problem naming the limit, whatever the endpoint; at
 * the limit the request is handled as usual.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(120)
class RequestBodyLimitIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("test-config.yml");
    static final String ADMIN = basic("admin", "admin-password-1");
    static final int MIB = 1 << 20;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String QUERY = "{\"measures\":[\"amount\"],\"levels\":[\"geo.continent\"]}";

    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static TestClient client;

    @BeforeAll
    static void setUp() {
        client = TesseraTestApp.client(APP);
    }

    /** {@code text} followed by spaces up to {@code size} bytes: still the same JSON or form to the server. */
    static byte[] padded(String text, int size) {
        byte[] body = new byte[size];
        java.util.Arrays.fill(body, (byte) ' ');
        byte[] head = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, body, 0, head.length);
        return body;
    }

    static HttpResponse<String> send(String method, String path, byte[] body, boolean chunked, String contentType,
                                     String... headers) throws Exception {
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)) // no length: chunked
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(client.baseUrl() + path)).method(method, publisher)
                .header("Content-Type", contentType);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("the server hung up instead of answering 413: " + e, e);
        }
    }

    static void assertTooLarge(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(413);
        assertThat(problem.path("detail").asText()).contains("1 MiB").contains("maxRequestBodySize");
        assertThat(response.body()).doesNotContain("Exception");
    }

    static Stream<Arguments> sizes() {
        return Stream.of(
                Arguments.of(MIB - 1, false), Arguments.of(MIB, false), Arguments.of(MIB + 1, false), Arguments.of(5 * MIB, false),
                Arguments.of(MIB - 1, true), Arguments.of(MIB, true), Arguments.of(MIB + 1, true), Arguments.of(5 * MIB, true));
    }

    @ParameterizedTest(name = "{0} bytes, chunked: {1}")
    @MethodSource("sizes")
    void aQueryBodyIsAnsweredUpToTheLimitAndRefusedPastIt(int size, boolean chunked) throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/cubes/sales/query", padded(QUERY, size), chunked,
                "application/json", "Authorization", ADMIN);
        if (size <= MIB) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).path("rows").size()).isPositive();
        } else {
            assertTooLarge(response);
        }
        assertThat(client.as(ADMIN, "POST", "/api/v1/cubes/sales/query", QUERY).statusCode())
                .as("the server answers normally right after").isEqualTo(200);
    }

    @ParameterizedTest(name = "chunked: {0}")
    @MethodSource("chunkedOrNot")
    void everyEndpointWithABodyRefusesPastTheLimit(boolean chunked) throws Exception {
        byte[] big = padded("{}", MIB + 1);
        assertTooLarge(send("PUT", "/api/v1/admin/restrictions/ROLE_BIG", big, chunked, "application/json", "Authorization", ADMIN));
        assertTooLarge(send("POST", "/api/v1/admin/basic-users", big, chunked, "application/json", "Authorization", ADMIN));
        assertTooLarge(send("POST", "/api/v1/cubes/sales/query/explain", big, chunked, "application/json", "Authorization", ADMIN));
        assertTooLarge(send("POST", "/login", padded("username=admin&password=x", 2 * MIB), chunked,
                "application/x-www-form-urlencoded"));
        // before authentication: counting bytes is cheaper than checking a password
        assertTooLarge(send("POST", "/api/v1/cubes/sales/query", big, chunked, "application/json"));
        assertTooLarge(send("POST", "/api/v1/cubes/sales/query", big, chunked, "application/json",
                "Authorization", basic("admin", "wrong-password")));
    }

    static Stream<Boolean> chunkedOrNot() {
        return Stream.of(false, true);
    }

    @Test
    void theLimitIsCheckedBeforeTheBodyIsSent() throws Exception {
        // A client that waits for 100 Continue (curl does past 1 MiB) never sends the 5 MiB: the declared length
        // decides. A raw socket, because JDK 17's HttpClient waits forever for the 100 that rightly never comes.
        try (Socket socket = new Socket("localhost", APP.getLocalPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/cubes/sales/query HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + ADMIN
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + 5 * MIB
                    + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).startsWith("HTTP/1.1 413");
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:")) {
                    assertThat(line).contains("application/problem+json");
                }
            }
            String body = "";
            while (!body.contains("maxRequestBodySize") && (line = in.readLine()) != null) {
                body += line;
            }
            assertThat(body).contains("1 MiB").contains("maxRequestBodySize");
        }
    }

    @Test
    void theAttackersBodiesAreRefusedCheaply() throws Exception {
        // A million values (about 10 MB) never reaches the parser; 100,000 (under 1 MiB) is parsed, then refused by
        // the query's own value limit (a 422 naming it) rather than run for the whole query timeout.
        String million = IntStream.range(0, 1_000_000).mapToObj(Integer::toString).collect(Collectors.joining(","));
        assertTooLarge(send("POST", "/api/v1/cubes/sales/query", ("{\"measures\":[\"amount\"],\"filters\":{\"level\":"
                + "\"geo.country\",\"op\":\"in\",\"values\":[" + million + "]}}").getBytes(StandardCharsets.UTF_8), false,
                "application/json", "Authorization", ADMIN));
        String hundredThousand = IntStream.range(0, 100_000).mapToObj(i -> "\"c" + i + "\"").collect(Collectors.joining(","));
        byte[] body = ("{\"measures\":[\"amount\"],\"filters\":{\"level\":\"geo.country\",\"op\":\"in\",\"values\":["
                + hundredThousand + "]}}").getBytes(StandardCharsets.UTF_8);
        assertThat(body.length).isLessThan(MIB);
        HttpResponse<String> refused = send("POST", "/api/v1/cubes/sales/query", body, true, "application/json",
                "Authorization", ADMIN);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.path("errors").get(0).path("pointer").asText()).isEqualTo("/filters/values");
        assertThat(problem.path("errors").get(0).path("detail").asText()).contains("maxValuesPerFilter");
    }
}
