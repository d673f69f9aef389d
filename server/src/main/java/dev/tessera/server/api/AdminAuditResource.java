package dev.tessera.server.api;

import dev.tessera.server.errors.ProblemException;
import dev.tessera.server.roles.AuditLog;
import dev.tessera.server.roles.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;

/** {@code GET /api/v1/admin/audit}: who changed what and when, and refused logins; newest first. */
@Path("api/v1/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public final class AdminAuditResource {

    private final AuditLog log;

    public AdminAuditResource(AuditLog log) {
        this.log = log;
    }

    @GET
    public List<AuditLog.Entry> audit(@QueryParam("limit") @DefaultValue("100") String limitParam,
                                  @QueryParam("offset") @DefaultValue("0") String offsetParam,
                                  @QueryParam("action") String action) {
        int limit = Inputs.wholeNumber("limit", limitParam);
        int offset = Inputs.wholeNumber("offset", offsetParam);
        if (limit < 1 || limit > 1000) {
            throw ProblemException.unprocessable("limit", "limit must be between 1 and 1000.");
        }
        if (offset < 0) {
            throw ProblemException.unprocessable("offset", "offset must not be negative.");
        }
        return log.entries(limit, offset, Optional.ofNullable(action));
    }
}
