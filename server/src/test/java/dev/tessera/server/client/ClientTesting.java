package dev.tessera.server.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.client.QueryAnswer;
import dev.tessera.client.Row;
import dev.tessera.server.testing.TestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the client ITs share: users made through the admin API, answers as canonical cell texts, the node check. */
final class ClientTesting {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final String ADMIN = TestClient.basic("admin", "admin-password-1");

    private ClientTesting() {}

    static String basicOf(String username) {
        return TestClient.basic(username, password(username));
    }

    static String password(String username) {
        return username + "-password-1";
    }

    static void createUser(TestClient client, String username, String... roles) {
        String body = "{\"username\":\"" + username + "\",\"password\":\"" + password(username) + "\",\"roles\":["
                + String.join(",", java.util.Arrays.stream(roles).map(r -> "\"" + r + "\"").toList()) + "]}";
        HttpResponse<String> created = client.as(ADMIN, "POST", "/api/v1/admin/basic-users", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    /** One cell as text: decimals without trailing zeros, so 12.50 (JSON) and 12.5 (Arrow scale) compare equal. */
    static String cell(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof BigDecimal d) {
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }

    static List<List<String>> cells(QueryAnswer answer) {
        List<List<String>> rows = new ArrayList<>();
        for (Row row : answer.rows()) {
            rows.add(row.values().stream().map(ClientTesting::cell).toList());
        }
        return rows;
    }

    /** The server's own JSON answer, cell by cell by column type, read without the client. */
    static List<List<String>> cells(JsonNode answer) {
        List<String> types = new ArrayList<>();
        answer.path("columns").forEach(c -> types.add(c.path("type").asText()));
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode row : answer.path("rows")) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < types.size(); i++) {
                JsonNode c = row.path(i);
                cells.add(c.isNull() ? "null" : switch (types.get(i)) {
                    case "double" -> Double.toString(c.doubleValue());
                    case "decimal" -> cell(c.decimalValue());
                    default -> c.asText();
                });
            }
            rows.add(cells);
        }
        return rows;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code clients/js/read-arrow.mjs} with node on an Arrow stream; its JSON print-out. */
    static JsonNode readWithJavaScript(byte[] arrow, Path tmp) throws IOException, InterruptedException {
        Path file = tmp.resolve("answer.arrows");
        Files.write(file, arrow);
        Path script = Path.of("..", "clients", "js", "read-arrow.mjs").toAbsolutePath().normalize();
        assertThat(script.resolveSibling("node_modules").resolve("apache-arrow"))
                .as("npm ci --prefix clients/js (scripts/test-setup.sh does it)").exists();
        Process node = new ProcessBuilder("node", script.toString(), file.toString()).redirectErrorStream(true).start();
        byte[] out = node.getInputStream().readAllBytes();
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(node.exitValue()).as(text).isZero();
        return json(text);
    }
}
