package dev.tessera.server.api;

import dev.tessera.server.roles.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.tessera.auth.basic.PasswordHasher;
import dev.tessera.server.auth.AuthChain;
import dev.tessera.server.auth.TesseraUser;
import dev.tessera.server.errors.ProblemException;
import dev.tessera.server.roles.LocalUserStore;
import dev.tessera.server.roles.RoleStore;
import io.dropwizard.auth.Auth;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;

/** Local users of the {@code basic} backend. New users hold no role until an admin grants one. */
@Path("api/v1/admin/basic-users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public final class AdminBasicUsersResource {

    public static final int MIN_PASSWORD = 8;

    public record NewUser(@NotNull String username,
                          @NotNull @Size(min = MIN_PASSWORD, max = 1024, message = "must be 8 to 1024 characters") String password,
                          List<String> roles) {
        @Override
        public String toString() {
            return "NewUser[username=" + username + ", password=****]";
        }
    }

    public record NewPassword(@NotNull @Size(min = MIN_PASSWORD, max = 1024, message = "must be 8 to 1024 characters") String password) {
        @Override
        public String toString() {
            return "NewPassword[****]";
        }
    }

    private final LocalUserStore users;
    private final RoleStore store;
    private final PasswordHasher hasher;
    private final AuthChain chain;

    public AdminBasicUsersResource(LocalUserStore users, RoleStore store, PasswordHasher hasher, AuthChain chain) {
        this.users = users;
        this.store = store;
        this.hasher = hasher;
        this.chain = chain;
    }

    @POST
    public Response create(@Auth TesseraUser admin, @NotNull @Valid NewUser user) {
        String username = Inputs.localUsername(user.username());
        var roles = user.roles() == null ? java.util.Set.<String>of() : Inputs.roles(user.roles());
        if (!users.insert(admin.getName(), username, hasher.hash(user.password()))) {
            throw ProblemException.conflict("A Basic user '" + username + "' exists already; change the password with "
                    + "PUT /api/v1/admin/basic-users/" + username + "/password.");
        }
        roles.forEach(role -> store.grant(admin.getName(), username, role));
        return Response.created(UriBuilder.fromPath("/api/v1/admin/users/{u}/roles").build(username))
                .entity(new AdminUsersResource.UserRoles(username, store.rolesOf(username)))
                .build();
    }

    @PUT
    @Path("{username}/password")
    public Response password(@Auth TesseraUser admin, @PathParam("username") String typedName,
                             @NotNull @Valid NewPassword password) {
        String username = Inputs.localUsername(typedName);
        if (!users.updatePasswordHash(admin.getName(), username, hasher.hash(password.password()))) {
            throw ProblemException.notFound("No Basic user '" + username + "'.");
        }
        chain.invalidate(username);
        return Response.noContent().build();
    }

    @DELETE
    @Path("{username}")
    public Response delete(@Auth TesseraUser admin, @PathParam("username") String typedName) {
        String username = Inputs.localUsername(typedName);
        if (!users.delete(admin.getName(), username)) {
            throw ProblemException.notFound("No Basic user '" + username + "'.");
        }
        chain.invalidate(username);
        return Response.noContent().build();
    }
}
