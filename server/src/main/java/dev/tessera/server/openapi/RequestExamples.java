package dev.tessera.server.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * An example body for every operation that takes one, chosen by what the body is: a cube query, a saved query, a
 * restriction, a Basic user, a password, or a list of role names.
 */
final class RequestExamples {

    private static final Map<String, Object> CUBE_QUERY = Map.of("measures", List.of("revenue"),
            "levels", List.of("geo.country"), "filters", Map.of("level", "time.year", "op", "gte", "values", List.of(2023)),
            "order", List.of(Map.of("by", "revenue", "dir", "desc")), "limit", 100);

    private RequestExamples() {}

    static void addTo(OpenAPI api) {
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> addTo(path, operation)));
    }

    private static void addTo(String path, Operation operation) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return;
        }
        operation.getRequestBody().getContent().values().forEach(media -> {
            if (media.getExample() == null) {
                media.setExample(exampleFor(path, media));
            }
        });
    }

    private static Object exampleFor(String path, MediaType media) {
        if (path.contains("/saved-queries")) {
            return Map.of("name", "Revenue by country", "cube", "sales", "query", CUBE_QUERY);
        }
        if (path.contains("/query")) {
            return CUBE_QUERY;
        }
        if (path.contains("/restrictions/")) {
            return Map.of("sales", Map.of("geo.country", List.of("France")));
        }
        if (path.endsWith("/password")) {
            return Map.of("password", "a-long-password");
        }
        if (path.endsWith("/basic-users")) {
            return Map.of("username", "svc-etl", "password", "a-long-password", "roles", List.of("ROLE_USER"));
        }
        return isArray(media.getSchema()) ? List.of("ROLE_USER", "ROLE_ANALYST") : Map.of();
    }

    private static boolean isArray(Schema<?> schema) {
        return schema != null && ((schema.getTypes() != null && schema.getTypes().contains("array"))
                || "array".equals(schema.getType()));
    }
}
