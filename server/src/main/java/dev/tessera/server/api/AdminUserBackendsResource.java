package dev.tessera.server.api;

import dev.tessera.server.auth.AuthChain;
import dev.tessera.server.auth.TesseraUser;
import dev.tessera.server.errors.ProblemException;
import dev.tessera.server.roles.RoleStore;
import dev.tessera.server.roles.Roles;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code /api/v1/admin/users/{username}/backends}: the backends a name signs in through. A name is bound to the
 * first backend that signed it in (the Basic backend for local users); linking another says both are one person.
 */
@Path("api/v1/admin/users/{username}/backends")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public final class AdminUserBackendsResource {

    private final RoleStore store;
    private final AuthChain chain;

    public AdminUserBackendsResource(RoleStore store, AuthChain chain) {
        this.store = store;
        this.chain = chain;
    }

    @GET
    public List<String> backends(@PathParam("username") String typedName) {
        return store.backendsOf(Inputs.username(typedName));
    }

    @PUT
    @Path("{backend}")
    public List<String> link(@Auth TesseraUser admin, @PathParam("username") String typedName,
                             @PathParam("backend") String backend) {
        String username = Inputs.username(typedName);
        if (chain.backend(backend).isEmpty()) {
            throw ProblemException.unprocessable("backend", "No backend is called '" + backend + "'; the backends are "
                    + chain.backends().stream().map(AuthChain.Backend::name).toList() + ".");
        }
        store.linkBackend(admin.getName(), username, backend);
        return store.backendsOf(username);
    }

    @DELETE
    @Path("{backend}")
    public Response unlink(@Auth TesseraUser admin, @PathParam("username") String typedName,
                           @PathParam("backend") String backend) {
        String username = Inputs.username(typedName);
        if (!store.unlinkBackend(admin.getName(), username, backend)) {
            throw ProblemException.notFound("'" + username + "' is not linked to backend '" + backend + "'.");
        }
        return Response.noContent().build();
    }
}
