package dev.tessera.server.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.ws.rs.Path;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenAPI document served by the running app: valid OpenAPI 3.1 for an independent parser (swagger-parser, which
 * shares no code path with the generator), complete (every {@code /api/v1} resource method of the app is in it, found
 * from Jersey's own model of the registered resources), and with the security schemes, problem answers and examples.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenApiIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("cube-it-config.yml");
    static final String ADMIN = TestClient.basic("admin", "admin-password-1");

    static TestClient client;
    static String body;
    static JsonNode document;

    @BeforeAll
    static void fetch() throws Exception {
        client = TesseraTestApp.client(APP);
        HttpResponse<String> response = client.as(ADMIN, "GET", "/api/v1/openapi.json", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        body = response.body();
        document = new ObjectMapper().readTree(body);
        Files.writeString(java.nio.file.Path.of("target", "openapi.json"), body); // for a person to read
    }

    @Test
    void anIndependentParserFindsAValidOpenApi31Document() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(body, null, options);
        assertThat(parsed.getMessages()).as("validation messages").isEmpty();
        assertThat(parsed.getOpenAPI()).isNotNull();
        assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(parsed.getOpenAPI().getPaths()).containsKey("/api/v1/saved-queries/{id}/run");

        // The same check does fail: the document with a broken reference and no info is refused.
        String broken = body.replaceFirst("\"info\"", "\"inf0\"").replace("#/components/schemas/Problem", "#/components/schemas/Nope");
        assertThat(new OpenAPIV3Parser().readContents(broken, null, options).getMessages()).isNotEmpty();
    }

    @Test
    void everyApiResourceMethodOfTheAppIsInTheDocument() {
        Set<String> inApp = new TreeSet<>();
        List<Object> registered = new ArrayList<>(APP.getEnvironment().jersey().getResourceConfig().getInstances());
        registered.addAll(APP.getEnvironment().jersey().getResourceConfig().getClasses());
        for (Object candidate : registered) {
            Class<?> type = candidate instanceof Class<?> c ? c : candidate.getClass();
            Path path = type.getAnnotation(Path.class);
            if (path != null && path.value().replaceAll("^/+", "").startsWith("api/v1")) {
                collect(Resource.from(type), "", inApp);
            }
        }
        assertThat(inApp).as("the app's /api/v1 methods").hasSizeGreaterThan(30)
                .contains("GET /api/v1/openapi.json", "POST /api/v1/saved-queries/{id}/run", "GET /api/v1/admin/saved-queries");

        Set<String> documented = new TreeSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method ->
                documented.add(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey())));
        assertThat(documented).containsAll(inApp);
        assertThat(documented).allMatch(operation -> operation.contains(" /api/v1/"));

        List<String> operationIds = operations().stream().map(operation -> operation.path("operationId").asText()).toList();
        assertThat(operationIds).doesNotHaveDuplicates().allMatch(id -> id.matches("[a-z][A-Za-z0-9]+"))
                .contains("savedQueriesCreate", "cubesQuery", "adminSavedQueriesAll");
    }

    private static void collect(Resource resource, String parent, Set<String> into) {
        String path = join(parent, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            into.add(method.getHttpMethod() + " " + path);
        }
        resource.getChildResources().forEach(child -> collect(child, path, into));
    }

    private static String join(String parent, String path) {
        String joined = (parent + "/" + (path == null ? "" : path)).replaceAll("/+", "/");
        joined = joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
        return joined.replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}");
    }

    @Test
    void theFourWaysToSignInAreSecuritySchemes() {
        JsonNode schemes = document.path("components").path("securitySchemes");
        assertThat(schemes.path("basic").path("scheme").asText()).isEqualTo("basic");
        assertThat(schemes.path("bearer").path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path("negotiate").path("scheme").asText()).isEqualTo("negotiate");
        assertThat(schemes.path("session").path("in").asText()).isEqualTo("cookie");
        assertThat(schemes.path("session").path("name").asText()).isEqualTo(APP.getConfiguration().getAuth().getSession().getCookieName());
        assertThat(document.path("security")).hasSize(4);
    }

    @Test
    void everyOperationListsItsProblemAnswersWithExamples() {
        List<String> checked = new ArrayList<>();
        operations().forEach(operation -> {
            JsonNode responses = operation.path("responses");
            assertThat(responses.has("401")).as(operation.path("operationId").asText()).isTrue();
            assertThat(responses.path("401").path("headers").has("WWW-Authenticate")).isTrue();
            assertThat(responses.path("503").path("headers").has("Retry-After")).isTrue();
            responses.properties().forEach(answer -> {
                JsonNode problem = answer.getValue().path("content").path("application/problem+json");
                if (answer.getKey().startsWith("4") || answer.getKey().startsWith("5")) {
                    assertThat(problem.path("schema").path("$ref").asText()).isEqualTo("#/components/schemas/Problem");
                    assertThat(problem.path("example").path("status").asInt()).isEqualTo(Integer.parseInt(answer.getKey()));
                    checked.add(answer.getKey());
                }
            });
            operation.path("requestBody").path("content").forEach(media ->
                    assertThat(media.has("example")).as(operation.path("operationId").asText() + " request example").isTrue());
        });
        assertThat(checked).contains("403", "404", "422", "429", "504");
        assertThat(document.path("components").path("schemas").path("Problem").path("properties").has("detail")).isTrue();
    }

    @Test
    void theDocumentNeedsASignedInCallerButNoRole() {
        HttpResponse<String> anonymous = client.get("/api/v1/openapi.json");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
        HttpResponse<String> created = client.as(ADMIN, "POST", "/api/v1/admin/basic-users",
                "{\"username\":\"reader\",\"password\":\"reader-password-1\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> noRole = client.as(TestClient.basic("reader", "reader-password-1"), "GET", "/api/v1/openapi.json", null);
        assertThat(noRole.statusCode()).isEqualTo(200);
        assertThat(noRole.body()).isEqualTo(body);
    }

    static List<JsonNode> operations() {
        List<JsonNode> operations = new ArrayList<>();
        document.path("paths").forEach(item -> item.forEach(operations::add));
        return operations;
    }
}
