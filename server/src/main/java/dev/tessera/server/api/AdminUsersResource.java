package dev.tessera.server.api;

import dev.tessera.server.auth.TesseraUser;
import dev.tessera.server.errors.ProblemException;
import dev.tessera.server.roles.RoleResolver;
import dev.tessera.server.roles.RoleStore;
import dev.tessera.server.roles.RoleStoreDao;
import dev.tessera.server.roles.Roles;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Individual roles: {@code /api/v1/admin/users}. */
@Path("api/v1/admin/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public final class AdminUsersResource {

    /**
     * One user of the list.
     *
     * @param roles           individual (local) roles
     * @param lastBackend     the backend of their last sign-in; null if they never signed in (a grant made in advance)
     * @param providerRoles   what the backend supplied at their last sign-in, before mapping; null if never recorded
     * @param providerRolesAt since when the backend has supplied exactly these
     * @param effectiveRoles  the roles they hold signing in again as last time (mapped provider roles, local roles,
     *                        default roles), computed as a sign-in computes them; null if they never signed in
     */
    public record UserRoles(String username, List<String> roles, String lastBackend, Instant lastSeen,
                            List<String> providerRoles, Instant providerRolesAt, List<String> effectiveRoles) {
        /** A user just created here, who has not signed in yet. */
        public UserRoles(String username, List<String> roles) {
            this(username, roles, null, null, null, null, null);
        }
    }

    private final RoleStore store;
    private final RoleResolver resolver;

    public AdminUsersResource(RoleStore store, RoleResolver resolver) {
        this.store = store;
        this.resolver = resolver;
    }

    @GET
    public List<UserRoles> users() {
        Map<String, RoleStoreDao.LastSignIn> seen = store.lastSignIns();
        Map<String, RoleStore.ProviderRoles> supplied = store.providerRoles();
        return store.users().entrySet().stream()
                .map(e -> describe(e.getKey(), e.getValue(), seen.get(e.getKey()), supplied.get(e.getKey())))
                .toList();
    }

    private UserRoles describe(String username, List<String> roles, RoleStoreDao.LastSignIn last,
                               RoleStore.ProviderRoles provided) {
        if (last == null) {
            return new UserRoles(username, roles);
        }
        String backend = provided == null ? last.lastBackend() : provided.backend();
        List<String> providerRoles = provided == null ? List.of() : provided.roles();
        List<String> effective = List.copyOf(new TreeSet<>(resolver.preview(username, backend, Set.copyOf(providerRoles)).roles()));
        return new UserRoles(username, roles, last.lastBackend(), last.lastSeen(), provided == null ? null : providerRoles,
                provided == null ? null : provided.since(), effective);
    }

    @GET
    @Path("{username}/roles")
    public List<String> roles(@PathParam("username") String typedName) {
        String username = Inputs.username(typedName);
        if (!store.isKnownUser(username)) {
            throw ProblemException.notFound("No user '" + username + "' is known: they have never signed in and hold no roles.");
        }
        return store.rolesOf(username);
    }

    /** Replaces the user's individual roles; the user need not have signed in yet (Kerberos, OIDC). */
    @PUT
    @Path("{username}/roles")
    public List<String> setRoles(@Auth TesseraUser admin, @PathParam("username") String typedName, List<String> roles) {
        String username = Inputs.username(typedName);
        store.setUserRoles(admin.getName(), username, Inputs.roles(roles));
        return store.rolesOf(username);
    }

    @DELETE
    @Path("{username}/roles")
    public Response clearRoles(@Auth TesseraUser admin, @PathParam("username") String typedName) {
        String username = Inputs.username(typedName);
        if (!store.isKnownUser(username)) {
            throw ProblemException.notFound("No user '" + username + "' is known.");
        }
        store.clearUserRoles(admin.getName(), username);
        return Response.noContent().build();
    }

    /** Ends every browser session of the user now (on every server sharing the store). */
    @DELETE
    @Path("{username}/sessions")
    public Response revokeSessions(@Auth TesseraUser admin, @PathParam("username") String typedName) {
        String username = Inputs.username(typedName);
        if (!store.isKnownUser(username)) {
            throw ProblemException.notFound("No user '" + username + "' is known.");
        }
        store.revokeSessions(admin.getName(), username);
        return Response.noContent().build();
    }

    /** Grants one role, leaving the others alone: two admins granting at once both land. */
    @PUT
    @Path("{username}/roles/{role}")
    public List<String> grant(@Auth TesseraUser admin, @PathParam("username") String typedName, @PathParam("role") String role) {
        String username = Inputs.username(typedName);
        store.grant(admin.getName(), username, Inputs.role(role, "role"));
        return store.rolesOf(username);
    }

    @DELETE
    @Path("{username}/roles/{role}")
    public Response revoke(@Auth TesseraUser admin, @PathParam("username") String typedName, @PathParam("role") String role) {
        String username = Inputs.username(typedName);
        if (!store.revoke(admin.getName(), username, role)) {
            throw ProblemException.notFound("User '" + username + "' does not hold '" + role + "' individually.");
        }
        return Response.noContent().build();
    }
}
