package dev.tessera.server.api;

import dev.tessera.server.auth.TesseraUser;
import dev.tessera.server.roles.RestrictionRules;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** {@code GET /api/v1/whoami}: who the server thinks you are and why, so a refused user can see what is missing. */
@Path("api/v1/whoami")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public final class WhoamiResource {

    /**
     * Who the caller is, as Tessera sees them.
     *
     * @param boundBackends the backends this name signs in through (admins link more)
     */
    public record Whoami(String username, String backend, List<String> boundBackends, Set<String> providerRoles,
                         Set<String> roles, Map<String, Object> restrictions, Map<String, String> attributes) {}

    private final RestrictionRules restrictions;

    public WhoamiResource(RestrictionRules restrictions) {
        this.restrictions = restrictions;
    }

    @GET
    public Whoami whoami(@Auth TesseraUser user) {
        return new Whoami(user.getName(), user.identity().backend(), user.roles().boundBackends(),
                new TreeSet<>(user.identity().providerRoles()), new TreeSet<>(user.roles().roles()),
                restrictions.inForce(user.roles()), user.identity().attributes());
    }
}
