package dev.tessera.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads the JSON answer into typed rows, each cell converted by its column's type. */
final class JsonAnswers {

    private JsonAnswers() {}

    static QueryAnswer read(ObjectMapper json, InputStream body) throws IOException {
        JsonNode answer = json.readTree(body);
        List<Column> columns = new ArrayList<>();
        for (JsonNode c : answer.path("columns")) {
            columns.add(new Column(c.path("name").asText(), c.path("kind").asText(), c.path("type").asText()));
        }
        Map<String, Integer> index = QueryAnswer.index(columns);
        List<Row> rows = new ArrayList<>();
        for (JsonNode r : answer.path("rows")) {
            @Nullable Object[] values = new Object[columns.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = typed(r.path(i), columns.get(i).type());
            }
            rows.add(new Row(Arrays.asList(values), index));
        }
        JsonNode page = answer.path("page");
        return new QueryAnswer(columns, rows, new QueryAnswer.Page(page.path("limit").asInt(), page.path("offset").asInt(),
                page.path("returned").asInt(), page.path("truncated").asBoolean()));
    }

    static @Nullable Object typed(JsonNode cell, String type) {
        if (cell.isNull() || cell.isMissingNode()) {
            return null;
        }
        return switch (type) {
            case "int" -> cell.canConvertToLong() ? (Object) cell.longValue() : cell.bigIntegerValue();
            case "double" -> cell.doubleValue();
            case "decimal" -> cell.decimalValue();
            case "boolean" -> cell.booleanValue();
            case "date" -> LocalDate.parse(cell.asText());
            case "timestamp" -> LocalDateTime.parse(cell.asText());
            default -> cell.asText();
        };
    }
}
