package dev.tessera.server.api;

import dev.tessera.auth.spi.LocalUserAccounts;
import dev.tessera.server.auth.TesseraUser;
import dev.tessera.server.errors.Problem;
import dev.tessera.server.errors.ProblemException;
import dev.tessera.server.roles.RoleStore;
import dev.tessera.server.roles.Roles;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import java.util.Optional;
import java.util.Set;

/**
 * Local users of the backend that keeps its users in the server's store ({@code basic}), managed through the SPI so
 * the server knows nothing of how their passwords are hashed. New users hold no role until an admin grants one.
 */
@Path("api/v1/admin/basic-users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public final class AdminBasicUsersResource {

    public record NewUser(@NotNull String username, @NotNull String password, List<String> roles) {
        @Override
        public String toString() {
            return "NewUser[username=" + username + ", password=****]";
        }
    }

    public record NewPassword(@NotNull String password) {
        @Override
        public String toString() {
            return "NewPassword[****]";
        }
    }

    private final Optional<LocalUserAccounts> accounts;
    private final RoleStore store;

    /** @param accounts empty when no backend in {@code auth.backends} keeps local users */
    public AdminBasicUsersResource(Optional<LocalUserAccounts> accounts, RoleStore store) {
        this.accounts = accounts;
        this.store = store;
    }

    @POST
    public Response create(@Auth TesseraUser admin, @NotNull @Valid NewUser user) {
        LocalUserAccounts local = accounts();
        String username = Inputs.localUsername(user.username(), local);
        checkLength(user.password(), local);
        Set<String> roles = user.roles() == null ? Set.of() : Inputs.roles(user.roles());
        if (!local.create(admin.getName(), username, user.password())) {
            throw ProblemException.conflict("A Basic user '" + username + "' exists already; change the password with "
                    + "PUT /api/v1/admin/basic-users/" + username + "/password.");
        }
        roles.forEach(role -> store.grant(admin.getName(), username, role));
        return Response.created(UriBuilder.fromPath("/api/v1/admin/users/{u}/roles").build(username))
                .entity(new AdminUsersResource.UserRoles(username, store.rolesOf(username)))
                .build();
    }

    /** A new password also ends the user's sessions; cached checks of the old one are forgotten. */
    @PUT
    @Path("{username}/password")
    public Response password(@Auth TesseraUser admin, @PathParam("username") String typedName,
                             @NotNull @Valid NewPassword password) {
        LocalUserAccounts local = accounts();
        String username = Inputs.localUsername(typedName, local);
        checkLength(password.password(), local);
        if (!local.setPassword(admin.getName(), username, password.password())) {
            throw ProblemException.notFound("No Basic user '" + username + "'.");
        }
        return Response.noContent().build();
    }

    @DELETE
    @Path("{username}")
    public Response delete(@Auth TesseraUser admin, @PathParam("username") String typedName) {
        LocalUserAccounts local = accounts();
        String username = Inputs.localUsername(typedName, local);
        if (!local.delete(admin.getName(), username)) {
            throw ProblemException.notFound("No Basic user '" + username + "'.");
        }
        return Response.noContent().build();
    }

    private LocalUserAccounts accounts() {
        return accounts.orElseThrow(() -> ProblemException.notFound("This server keeps no local users: no backend in "
                + "auth.backends does. Add '- type: basic' to auth.backends to manage users here."));
    }

    /** The backend's rules, checked here so the answer points at the field to fix. */
    private static void checkLength(String password, LocalUserAccounts local) {
        if (password.length() < local.minPasswordLength() || password.length() > local.maxPasswordLength()) {
            String rule = "must be " + local.minPasswordLength() + " to " + local.maxPasswordLength() + " characters";
            throw ProblemException.unprocessable("/password " + rule,
                    List.of(new Problem.FieldError("/password", rule)));
        }
    }
}
