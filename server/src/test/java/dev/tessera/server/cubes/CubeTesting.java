package dev.tessera.server.cubes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.server.testing.TestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the cube ITs share: JSON in single quotes (readable in Java source), answers as lists of canonical cell
 * texts so an HTTP answer and a direct DuckDB result compare with {@code isEqualTo}, and the oracle connection.
 */
final class CubeTesting {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = TestClient.basic("admin", "admin-password-1");

    private CubeTesting() {}

    /** {@code q("{'measures':['orders']}")}: single quotes become double quotes; {@code \\'} stays a quote. */
    static String q(String singleQuoted) {
        return singleQuoted.replace("\\'", "\u0000").replace('\'', '"').replace('\u0000', '\'');
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 200 JSON answer, or the test fails showing what came instead. */
    static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    /** A problem+json answer with this status. */
    static JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "at dev.tessera", "duckdb");
        return problem;
    }

    /** The pointers of a 422's errors[], in order. */
    static List<String> pointers(JsonNode problem) {
        List<String> pointers = new ArrayList<>();
        problem.path("errors").forEach(error -> pointers.add(error.path("pointer").asText()));
        return pointers;
    }

    /** A cube query posted as this user, its body written in single quotes (see {@link #q}). */
    static HttpResponse<String> query(TestClient client, String authorization, String cube, String singleQuoted) {
        return client.as(authorization, "POST", "/api/v1/cubes/" + cube + "/query", q(singleQuoted));
    }

    /** The Arrow stream a cube query (JSON, double quotes) answers this user with; the test fails unless it is a 200. */
    static byte[] arrowStream(TestClient client, String authorization, String cube, String body)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> arrow = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(client.baseUrl() + "/api/v1/cubes/" + cube + "/query"))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .header("Accept", "application/vnd.apache.arrow.stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(arrow.statusCode()).isEqualTo(200);
        return arrow.body();
    }

    static void createUser(TestClient client, String username, String... roles) {
        StringBuilder body = new StringBuilder("{\"username\":\"" + username + "\",\"password\":\"" + password(username)
                + "\",\"roles\":[");
        for (int i = 0; i < roles.length; i++) {
            body.append(i == 0 ? "" : ",").append('"').append(roles[i]).append('"');
        }
        HttpResponse<String> created = client.as(ADMIN, "POST", "/api/v1/admin/basic-users", body.append("]}").toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    static String password(String username) {
        return username + "-password-1";
    }

    static String auth(String username) {
        return TestClient.basic(username, password(username));
    }

    // ---- canonical cells: numbers to 12 significant digits, null as "null", the rest as text ----

    static String cell(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        return node.isNumber() ? number(node.decimalValue()) : node.asText();
    }

    static String cell(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number n) {
            return number(new BigDecimal(n.toString()));
        }
        return value.toString();
    }

    static String number(BigDecimal value) {
        BigDecimal rounded = value.round(new MathContext(12));
        return rounded.signum() == 0 ? "0" : rounded.stripTrailingZeros().toPlainString();
    }

    /** The answer's rows as canonical texts. */
    static List<List<String>> rows(JsonNode answer) {
        List<List<String>> rows = new ArrayList<>();
        answer.path("rows").forEach(row -> {
            List<String> cells = new ArrayList<>();
            row.forEach(value -> cells.add(cell(value)));
            rows.add(cells);
        });
        return rows;
    }

    /** An independent DuckDB in the test JVM, over the same CSV files the app loaded. */
    static Connection oracle(String... tables) {
        try {
            Connection duck = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement s = duck.createStatement()) {
                for (String table : tables) {
                    s.execute("CREATE TABLE " + table + " AS SELECT * FROM read_csv('src/test/resources/cubes/" + table + ".csv')");
                }
            }
            return duck;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows of a direct SQL statement as canonical texts. */
    static List<List<String>> sql(Connection duck, String sql, Object... params) {
        try (PreparedStatement ps = duck.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int width = rs.getMetaData().getColumnCount();
                List<List<String>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> cells = new ArrayList<>();
                    for (int i = 1; i <= width; i++) {
                        cells.add(cell(rs.getObject(i)));
                    }
                    rows.add(cells);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
