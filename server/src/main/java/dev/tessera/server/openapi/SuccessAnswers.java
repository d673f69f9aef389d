package dev.tessera.server.openapi;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;

/**
 * The success answer of each operation, from Jersey's model of the resources: swagger-core keeps one Java method per
 * path and verb, so the JSON and CSV answers of one query endpoint (two methods told apart by {@code Accept}) would
 * lose one; here every media type a path and verb produce is listed, with its schema, under 200 (204 for methods
 * that return nothing). An answer declared with {@code @ApiResponse} is left as written.
 */
final class SuccessAnswers {

    private SuccessAnswers() {}

    static void addTo(OpenAPI api, Set<Class<?>> resources) {
        Map<String, List<ResourceMethod>> byOperation = new LinkedHashMap<>();
        resources.forEach(type -> collect(Resource.from(type), "", byOperation));
        byOperation.forEach((key, methods) -> {
            String[] verbAndPath = key.split(" ", 2);
            PathItem item = api.getPaths() == null ? null : api.getPaths().get(verbAndPath[1]);
            Operation operation = item == null ? null : item.readOperationsMap().get(
                    PathItem.HttpMethod.valueOf(verbAndPath[0].toUpperCase(Locale.ROOT)));
            if (operation != null && operation.getResponses() != null && operation.getResponses().containsKey("default")) {
                replaceDefault(api, operation.getResponses(), methods);
            }
            if (operation != null && methods.size() > 1) {
                operation.setOperationId(AccessAwareExtension.operationId(handler(primary(methods))));
            }
        });
    }

    private static void replaceDefault(OpenAPI api, ApiResponses responses, List<ResourceMethod> methods) {
        boolean nothing = methods.stream().allMatch(method -> handler(method).getReturnType() == void.class);
        Content content = new Content();
        for (ResourceMethod method : methods) {
            Schema<?> schema = schemaOf(api, handler(method));
            method.getProducedTypes().forEach(type -> content.addMediaType(type.getType() + "/" + type.getSubtype(),
                    schema == null && type.getSubtype().equals("csv") ? new MediaType().schema(new Schema<>().types(Set.of("string")))
                            : new MediaType().schema(schema)));
        }
        responses.remove("default");
        responses.addApiResponse(nothing ? "204" : "200", nothing ? new ApiResponse().description("Done.")
                : new ApiResponse().description("OK").content(content));
    }

    /** The schema of what the method returns; null when it builds its own {@link Response}. */
    private static Schema<?> schemaOf(OpenAPI api, Method method) {
        if (method.getReturnType() == Response.class || method.getReturnType() == void.class) {
            return null;
        }
        ResolvedSchema resolved = ModelConverters.getInstance(true)
                .resolveAsResolvedSchema(new AnnotatedType(method.getGenericReturnType()).resolveAsRef(true));
        if (resolved == null) {
            return null;
        }
        resolved.referencedSchemas.forEach((name, schema) -> api.getComponents().getSchemas().putIfAbsent(name, schema));
        return resolved.schema;
    }

    /** Of methods told apart by {@code Accept}, the one that answers JSON: the operation is named after it. */
    private static ResourceMethod primary(List<ResourceMethod> methods) {
        return methods.stream().filter(method -> method.getProducedTypes().stream()
                .anyMatch(jakarta.ws.rs.core.MediaType.APPLICATION_JSON_TYPE::isCompatible)).findFirst().orElse(methods.get(0));
    }

    private static Method handler(ResourceMethod method) {
        return method.getInvocable().getHandlingMethod();
    }

    private static void collect(Resource resource, String parent, Map<String, List<ResourceMethod>> into) {
        String path = join(parent, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            into.computeIfAbsent(method.getHttpMethod() + " " + path, key -> new ArrayList<>()).add(method);
        }
        resource.getChildResources().forEach(child -> collect(child, path, into));
    }

    /** Jersey's templates as OpenAPI writes them: one leading slash, no trailing one, no regular expressions. */
    static String join(String parent, String path) {
        String joined = (parent + "/" + (path == null ? "" : path)).replaceAll("/+", "/");
        joined = joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
        return joined.replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}");
    }
}
