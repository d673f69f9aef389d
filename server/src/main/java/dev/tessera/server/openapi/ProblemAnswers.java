package dev.tessera.server.openapi;

import dev.tessera.server.errors.Problem;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The problem+json answers (RFC 9457) of every operation, each with an example: what any request may get (400, 401
 * with its challenges, 503 with Retry-After), what its access rule and shape add (403 for a role, 404 for a path
 * parameter, 413 and 422 for a body), and what running a cube query adds (422, 429, 504).
 */
final class ProblemAnswers {

    static final String SCHEMA = "Problem";
    private static final String REF = "#/components/schemas/" + SCHEMA;

    private ProblemAnswers() {}

    @SuppressWarnings("rawtypes") // swagger-core's own map type
    static void addTo(OpenAPI api, Map<String, Schema> problemSchemas) {
        problemSchemas.forEach(api.getComponents()::addSchemas);
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> addTo(path, operation)));
    }

    private static void addTo(String path, Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        for (int status : statuses(path, operation)) {
            responses.putIfAbsent(String.valueOf(status), answer(status));
        }
        responses.forEach((status, response) -> exampleIfMissing(status, response));
    }

    /** A problem answer declared on the resource ({@code @ApiResponse}) gets an example as well. */
    private static void exampleIfMissing(String status, ApiResponse response) {
        MediaType problem = response.getContent() == null ? null : response.getContent().get(Problem.MEDIA_TYPE);
        if (problem != null && problem.getExample() == null && status.matches("\\d{3}")) {
            int code = Integer.parseInt(status);
            problem.setExample(EXAMPLES.getOrDefault(code, new Example(response.getDescription(),
                    response.getDescription(), null)).body(code));
        }
    }

    private static List<Integer> statuses(String path, Operation operation) {
        List<Integer> statuses = new ArrayList<>(List.of(400, 401, 503));
        Object roles = operation.getExtensions() == null ? null : operation.getExtensions().get(AccessAwareExtension.ROLES);
        if (roles instanceof List<?> list && !list.isEmpty()) {
            statuses.add(403);
        }
        if (path.contains("{")) {
            statuses.add(404);
        }
        if (operation.getRequestBody() != null) {
            statuses.addAll(List.of(413, 422));
        }
        if (path.endsWith("/query") || path.endsWith("/run") || path.contains("/members/")) {
            statuses.addAll(List.of(422, 429, 504));
        }
        return statuses.stream().distinct().sorted().toList();
    }

    private static ApiResponse answer(int status) {
        Example example = EXAMPLES.get(status);
        ApiResponse response = new ApiResponse().description(example.when())
                .content(new Content().addMediaType(Problem.MEDIA_TYPE, new MediaType()
                        .schema(new Schema<>().$ref(REF))
                        .example(example.body(status))));
        if (status == 401) {
            response.addHeaderObject("WWW-Authenticate", new Header().schema(new Schema<>().types(Set.of("string")))
                    .description("One challenge per enabled login scheme, e.g. Basic realm=\"tessera\", Negotiate, Bearer."));
        }
        if (status == 429 || status == 503) {
            response.addHeaderObject("Retry-After", new Header().schema(new Schema<>().types(Set.of("integer")))
                    .description("Seconds to wait before trying again."));
        }
        return response;
    }

    /** When an answer comes, and an example of its body. */
    private record Example(String when, String detail, String pointer) {
        Map<String, Object> body(int status) {
            Problem problem = Problem.of(status, detail);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", problem.type());
            body.put("title", problem.title());
            body.put("status", status);
            body.put("detail", detail);
            if (pointer != null) {
                body.put("errors", List.of(Map.of("pointer", pointer, "detail", detail)));
            }
            return body;
        }
    }

    private static final Map<Integer, Example> EXAMPLES = Map.of(
            400, new Example("Malformed request: a path, header or JSON body that cannot be read.",
                    "The key 'name' appears twice in the same object.", null),
            401, new Example("Not signed in, or the credentials were refused.",
                    "Sign in: send one of the schemes in WWW-Authenticate.", null),
            403, new Example("Signed in, but without a role this endpoint needs, or without access to the cube.",
                    "You are signed in as 'bob' (backend 'basic') but lack ROLE_USER; your roles: [].", null),
            404, new Example("Nothing of that name or id that the caller may see.",
                    "No cube 'salse'; GET /api/v1/cubes lists the cubes you may query.", null),
            409, new Example("It clashes with what exists: the name is taken.",
                    "You already have a saved query named 'Revenue by country'; choose another name.", null),
            413, new Example("The body is over maxRequestBodySize.", "The request body is over 1 MiB.", null),
            422, new Example("Well-formed, but a value is invalid; errors[] points at each.",
                    "unknown level 'geo.nation'; levels are: geo.continent, geo.country", "/levels/0"),
            429, new Example("Too many queries of this user running or waiting.",
                    "You have 4 queries running or waiting; wait for one to finish.", null),
            503, new Example("An identity provider, the role store or the query engine is unavailable.",
                    "The identity provider 'corp-ldap' cannot be reached; try again shortly.", null),
            504, new Example("The query ran past its timeout and was cancelled.",
                    "The query ran longer than 10 s and was cancelled.", null));
}
