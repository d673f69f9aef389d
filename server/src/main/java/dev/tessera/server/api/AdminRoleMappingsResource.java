package dev.tessera.server.api;

import dev.tessera.server.auth.AuthChain;
import dev.tessera.server.auth.TesseraUser;
import dev.tessera.server.errors.ProblemException;
import dev.tessera.server.roles.RoleStore;
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
import java.util.List;
import java.util.Map;

/** Provider roles (and usernames) mapped one-to-many onto server roles, and default roles, per backend. */
@Path("api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public final class AdminRoleMappingsResource {

    private final RoleStore store;
    private final AuthChain chain;

    public AdminRoleMappingsResource(RoleStore store, AuthChain chain) {
        this.store = store;
        this.chain = chain;
    }

    @GET
    @Path("role-mappings")
    public Map<String, Map<String, List<String>>> mappings() {
        return store.mappings();
    }

    @PUT
    @Path("role-mappings/{backend}/{providerRole}")
    public List<String> setMapping(@Auth TesseraUser admin, @PathParam("backend") String backend,
                                   @PathParam("providerRole") String providerRole, List<String> roles) {
        requireBackend(backend);
        if (providerRole.isBlank() || providerRole.length() > 512) {
            throw ProblemException.unprocessable("providerRole", "A provider role must be 1 to 512 characters.");
        }
        store.setMapping(admin.getName(), backend, providerRole, Inputs.roles(roles));
        return store.mappings().getOrDefault(backend, Map.of()).getOrDefault(providerRole, List.of());
    }

    @DELETE
    @Path("role-mappings/{backend}/{providerRole}")
    public Response deleteMapping(@Auth TesseraUser admin, @PathParam("backend") String backend,
                                  @PathParam("providerRole") String providerRole) {
        if (!store.deleteMapping(admin.getName(), backend, providerRole)) {
            throw ProblemException.notFound("Backend '" + backend + "' has no mapping for '" + providerRole + "'.");
        }
        return Response.noContent().build();
    }

    @GET
    @Path("default-roles")
    public Map<String, List<String>> allDefaultRoles() {
        Map<String, List<String>> result = new java.util.TreeMap<>();
        chain.backends().forEach(b -> result.put(b.name(), store.defaultRoles(b.name())));
        return result;
    }

    @GET
    @Path("default-roles/{backend}")
    public List<String> defaultRoles(@PathParam("backend") String backend) {
        requireBackend(backend);
        return store.defaultRoles(backend);
    }

    @PUT
    @Path("default-roles/{backend}")
    public List<String> setDefaultRoles(@Auth TesseraUser admin, @PathParam("backend") String backend, List<String> roles) {
        requireBackend(backend);
        store.setDefaultRoles(admin.getName(), backend, Inputs.roles(roles));
        return store.defaultRoles(backend);
    }

    private void requireBackend(String backend) {
        if (chain.backend(backend).isEmpty()) {
            throw ProblemException.unprocessable("backend", "No backend is named '" + backend + "'; configured backends: "
                    + chain.backends().stream().map(AuthChain.Backend::name).toList() + ".");
        }
    }
}
