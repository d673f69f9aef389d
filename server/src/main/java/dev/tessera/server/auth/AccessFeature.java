package dev.tessera.server.auth;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides access on the resource method Jersey actually matched, never on the request path: a path spelled
 * another way ({@code /api;x/v1/admin}) routes to the same method and meets the same rule. Per method, the nearest
 * of {@link Public}, {@code @PermitAll}, {@code @RolesAllowed} and {@code @DenyAll} (method first, then class)
 * decides; a method with none is denied, so a new resource is closed until someone says who may call it.
 */
public final class AccessFeature implements DynamicFeature {

    private static final Logger LOG = LoggerFactory.getLogger(AccessFeature.class);
    private static final List<Class<? extends Annotation>> RULES =
            List.of(Public.class, PermitAll.class, RolesAllowed.class, DenyAll.class);

    private final AuthenticationFilter authentication;

    public AccessFeature(AuthenticationFilter authentication) {
        this.authentication = authentication;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Optional<Annotation> rule = ruleOf(resource.getResourceMethod(), resource.getResourceClass());
        if (rule.isPresent() && rule.get() instanceof Public) {
            return;
        }
        context.register(authentication);
        if (rule.isEmpty() || rule.get() instanceof DenyAll) {
            if (rule.isEmpty()) {
                LOG.debug("{}#{} declares no access rule: denied", resource.getResourceClass().getName(),
                        resource.getResourceMethod().getName());
            }
            context.register(RoleCheck.denyAll());
        } else if (rule.get() instanceof RolesAllowed roles) {
            context.register(RoleCheck.anyOf(roles.value()));
        }
    }

    /** The access annotation that governs this method: its own, else its class's. */
    public static Optional<Annotation> ruleOf(Method method, Class<?> resourceClass) {
        Optional<Annotation> own = firstRule(method.getAnnotations());
        return own.isPresent() ? own : firstRule(resourceClass.getAnnotations());
    }

    private static Optional<Annotation> firstRule(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (RULES.contains(annotation.annotationType())) {
                return Optional.of(annotation);
            }
        }
        return Optional.empty();
    }
}
