package dev.tessera.server.auth;

import dev.tessera.server.errors.Problem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.util.Arrays;
import java.util.List;

/** The role rule of one resource method, checked after {@link AuthenticationFilter} has set the caller. */
@Priority(Priorities.AUTHORIZATION)
final class RoleCheck implements ContainerRequestFilter {

    /** Empty: nobody passes. */
    private final List<String> anyOf;

    private RoleCheck(List<String> anyOf) {
        this.anyOf = anyOf;
    }

    static RoleCheck anyOf(String... roles) {
        return new RoleCheck(Arrays.asList(roles));
    }

    static RoleCheck denyAll() {
        return new RoleCheck(List.of());
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!(request.getSecurityContext().getUserPrincipal() instanceof TesseraUser caller)) {
            // Authentication always runs first; reaching here without a caller is a wiring bug: refuse.
            AuthenticationFilter.abort(request, Problem.of(403, "Access denied.").toResponse().build());
            return;
        }
        if (anyOf.isEmpty()) {
            AuthenticationFilter.abort(request, Problem.of(403, "This endpoint is closed to every caller.")
                    .toResponse().build());
            return;
        }
        if (anyOf.stream().noneMatch(caller.roles()::has)) {
            String needed = anyOf.size() == 1 ? anyOf.get(0) : "one of " + anyOf;
            AuthenticationFilter.abort(request, Problem.of(403, "You are signed in as '" + caller.getName()
                    + "' (backend '" + caller.identity().backend() + "') but lack " + needed + "; your roles: "
                    + caller.roles().roles() + ". Ask an administrator to grant it; GET /api/v1/whoami shows why.")
                    .toResponse().build());
        }
    }
}
