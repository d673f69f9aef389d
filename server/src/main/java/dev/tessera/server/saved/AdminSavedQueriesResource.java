package dev.tessera.server.saved;

import dev.tessera.server.errors.ProblemException;
import dev.tessera.server.roles.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /api/v1/admin/saved-queries}: every user's saved queries, with their shares and whether they still run. */
@Path("api/v1/admin/saved-queries")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public final class AdminSavedQueriesResource {

    private static final int MAX_LIMIT = 1000;

    private final SavedQueries saved;

    public AdminSavedQueriesResource(SavedQueries saved) {
        this.saved = saved;
    }

    @GET
    public List<SavedQueryView> all(@QueryParam("limit") @DefaultValue("100") String limitParam,
                                    @QueryParam("offset") @DefaultValue("0") String offsetParam) {
        int limit = wholeNumber("limit", limitParam);
        int offset = wholeNumber("offset", offsetParam);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.unprocessable("limit", "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        if (offset < 0) {
            throw ProblemException.unprocessable("offset", "offset must not be negative.");
        }
        return saved.views(saved.store().all(limit, offset), true);
    }

    private static int wholeNumber(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name + " must be a whole number.");
        }
    }
}
