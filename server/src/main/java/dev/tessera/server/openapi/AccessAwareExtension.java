package dev.tessera.server.openapi;

import com.fasterxml.jackson.annotation.JsonView;
import dev.tessera.server.auth.AccessFeature;
import io.dropwizard.auth.Auth;
import io.swagger.v3.jaxrs2.ResolvedParameter;
import io.swagger.v3.jaxrs2.ext.AbstractOpenAPIExtension;
import io.swagger.v3.jaxrs2.ext.OpenAPIExtension;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Teaches swagger-core two things about Tessera's resources: the {@code @Auth} caller is not a request body (it comes
 * from the login), and which roles an operation needs, read from the same annotation {@link AccessFeature} enforces,
 * kept on the operation as {@value #ROLES} (an empty list: any signed-in caller).
 */
final class AccessAwareExtension extends AbstractOpenAPIExtension {

    static final String ROLES = "x-tessera-roles";

    @Override
    public ResolvedParameter extractParameters(List<Annotation> annotations, Type type, Set<Type> typesToSkip,
                                               Components components, Consumes classConsumes, Consumes methodConsumes,
                                               boolean includeRequestBody, JsonView jsonViewAnnotation,
                                               Iterator<OpenAPIExtension> chain) {
        if (annotations.stream().anyMatch(Auth.class::isInstance)) {
            return new ResolvedParameter();
        }
        return super.extractParameters(annotations, type, typesToSkip, components, classConsumes, methodConsumes,
                includeRequestBody, jsonViewAnnotation, chain);
    }

    @Override
    public void decorateOperation(Operation operation, Method method, Iterator<OpenAPIExtension> chain) {
        operation.setOperationId(operationId(method));
        AccessFeature.ruleOf(method, method.getDeclaringClass()).ifPresent(rule -> {
            List<String> roles = rule instanceof RolesAllowed allowed ? List.of(allowed.value()) : List.of();
            operation.addExtension(ROLES, roles);
        });
        super.decorateOperation(operation, method, chain);
    }

    /**
     * The resource and the method, {@code savedQueriesCreate}: unique across resources, where swagger-core's default
     * (the method name) would give generated clients {@code create}, {@code create_1}, ...
     */
    static String operationId(Method method) {
        String resource = method.getDeclaringClass().getSimpleName().replaceFirst("Resource$", "");
        String name = method.getName();
        return Character.toLowerCase(resource.charAt(0)) + resource.substring(1)
                + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
