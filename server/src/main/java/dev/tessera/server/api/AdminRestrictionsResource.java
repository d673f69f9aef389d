package dev.tessera.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.server.auth.TesseraUser;
import dev.tessera.server.errors.Problem;
import dev.tessera.server.errors.ProblemException;
import dev.tessera.server.roles.RestrictionRules;
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
import java.util.TreeMap;

/** Row-level restrictions per role: {@code {"sales":{"geo.country":["France"]}}} or {@code {"sales":"all"}}. */
@Path("api/v1/admin/restrictions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public final class AdminRestrictionsResource {

    private final RoleStore store;
    private final RestrictionRules rules;
    private final ObjectMapper mapper;

    public AdminRestrictionsResource(RoleStore store, RestrictionRules rules, ObjectMapper mapper) {
        this.store = store;
        this.rules = rules;
        this.mapper = mapper;
    }

    @GET
    public Map<String, JsonNode> restrictions() {
        Map<String, JsonNode> result = new TreeMap<>();
        store.restrictions().forEach((role, spec) -> result.put(role, parse(spec)));
        return result;
    }

    @PUT
    @Path("{role}")
    public JsonNode put(@Auth TesseraUser admin, @PathParam("role") String role, JsonNode restriction) {
        Inputs.role(role, "role");
        if (Roles.isReserved(role)) {
            throw ProblemException.unprocessable("role", role + " grants access, not data, and cannot carry a restriction; "
                    + "restrict a role of your own (e.g. ROLE_FR) and grant it.");
        }
        if (restriction == null || !restriction.isObject() || restriction.isEmpty()) {
            throw ProblemException.unprocessable("/", "The body must be an object of cube -> {level: [values]} or "
                    + "cube -> \"all\", e.g. {\"sales\":{\"geo.country\":[\"France\"]}}.");
        }
        List<Problem.FieldError> errors = rules.validate(restriction);
        if (!errors.isEmpty()) {
            throw ProblemException.unprocessable(errors.get(0).detail(), errors);
        }
        try {
            store.putRestriction(admin.getName(), role, mapper.writeValueAsString(restriction));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always serializes", e);
        }
        return restriction;
    }

    @DELETE
    @Path("{role}")
    public Response delete(@Auth TesseraUser admin, @PathParam("role") String role) {
        if (!store.deleteRestriction(admin.getName(), role)) {
            throw ProblemException.notFound("Role '" + role + "' has no restriction.");
        }
        return Response.noContent().build();
    }

    private JsonNode parse(String spec) {
        try {
            return mapper.readTree(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored restriction is not JSON", e);
        }
    }
}
