package dev.tessera.server.saved;

import dev.tessera.cube.QueryResult;
import dev.tessera.server.auth.TesseraUser;
import dev.tessera.server.cubes.CubesResource;
import dev.tessera.server.errors.ProblemException;
import dev.tessera.server.roles.Roles;
import dev.tessera.server.roles.SavedQueryStore;
import dev.tessera.server.roles.SavedQueryStore.Outcome;
import dev.tessera.server.roles.SavedQueryStore.StoredQuery;
import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/**
 * {@code /api/v1/saved-queries}: a user's named cube queries. The owner lists, saves, renames, updates, deletes and
 * runs them; a holder of ROLE_SHARE shares one read-only with users or roles. Whoever runs a query runs it under
 * their own restrictions, never its owner's: running goes through the cube endpoints as the caller.
 */
@Path("api/v1/saved-queries")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.USER)
public final class SavedQueriesResource {

    private final SavedQueries saved;
    private final CubesResource cubes;

    public SavedQueriesResource(SavedQueries saved, CubesResource cubes) {
        this.saved = saved;
        this.cubes = cubes;
    }

    @GET
    public List<SavedQueryView> listOwn(@Auth TesseraUser user) {
        return saved.views(saved.store().ownedBy(user.getName()), true);
    }

    @GET
    @Path("shared-with-me")
    public List<SavedQueryView> listSharedWithMe(@Auth TesseraUser user) {
        return saved.views(saved.store().sharedWith(user.getName(), user.roles().roles()), false);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ApiResponse(responseCode = "201", description = "Saved; Location names the new query.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SavedQueryView.class)))
    @ApiResponse(responseCode = "409", description = "You already have a saved query of that name.",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response create(@Auth TesseraUser user, SavedQueryRequest request) {
        Draft draft = draft(user, request);
        SavedQueryStore.Created created = saved.store().create(user.getName(), draft.name(), draft.cube(), draft.json(),
                SavedQueries.MAX_PER_OWNER);
        failUnlessDone(created.outcome(), draft.name());
        StoredQuery query = saved.store().byId(created.id()).orElseThrow();
        return Response.created(URI.create("/api/v1/saved-queries/" + created.id())).entity(saved.view(query, true)).build();
    }

    @GET
    @Path("{id}")
    public SavedQueryView get(@Auth TesseraUser user, @PathParam("id") String id) {
        StoredQuery query = saved.visible(user, id);
        return saved.view(query, query.owner().equals(user.getName()));
    }

    /** Replaces name, cube and query: renaming is a PUT with the new name and the same query. */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public SavedQueryView update(@Auth TesseraUser user, @PathParam("id") String id, SavedQueryRequest request) {
        StoredQuery query = saved.owned(user, id);
        Draft draft = draft(user, request);
        failUnlessDone(saved.store().update(user.getName(), query, draft.name(), draft.cube(), draft.json()), draft.name());
        return saved.view(saved.store().byId(id).orElseThrow(), true);
    }

    @DELETE
    @Path("{id}")
    @ApiResponse(responseCode = "204", description = "Deleted, with its shares.")
    public Response delete(@Auth TesseraUser user, @PathParam("id") String id) {
        saved.store().delete(user.getName(), saved.owned(user, id));
        return Response.noContent().build();
    }

    /** Runs the query as the caller: their roles decide the cube access and the rows they see. */
    @POST
    @Path("{id}/run")
    @Produces(MediaType.APPLICATION_JSON)
    public QueryResult run(@Auth TesseraUser user, @PathParam("id") String id) {
        StoredQuery query = saved.visible(user, id);
        return cubes.query(user, query.cube(), saved.parse(query));
    }

    /** The same as CSV, streamed (ask with {@code Accept: text/csv}). */
    @POST
    @Path("{id}/run")
    @Produces(CubesResource.TEXT_CSV + ";qs=0.5")
    public Response runCsv(@Auth TesseraUser user, @PathParam("id") String id) {
        StoredQuery query = saved.visible(user, id);
        return cubes.queryCsv(user, query.cube(), saved.parse(query));
    }

    @PUT
    @Path("{id}/shares/users/{username}")
    @RolesAllowed(Roles.SHARE)
    public SavedQueryView shareWithUser(@Auth TesseraUser user, @PathParam("id") String id,
                                        @PathParam("username") String username) {
        return share(user, id, SavedQueryStore.USER, username);
    }

    @PUT
    @Path("{id}/shares/roles/{role}")
    @RolesAllowed(Roles.SHARE)
    public SavedQueryView shareWithRole(@Auth TesseraUser user, @PathParam("id") String id, @PathParam("role") String role) {
        return share(user, id, SavedQueryStore.ROLE, role);
    }

    /** Revoking needs only ownership: an owner who lost ROLE_SHARE can still take a share back. */
    @DELETE
    @Path("{id}/shares/users/{username}")
    public SavedQueryView unshareWithUser(@Auth TesseraUser user, @PathParam("id") String id,
                                          @PathParam("username") String username) {
        return unshare(user, id, SavedQueryStore.USER, username);
    }

    @DELETE
    @Path("{id}/shares/roles/{role}")
    public SavedQueryView unshareWithRole(@Auth TesseraUser user, @PathParam("id") String id, @PathParam("role") String role) {
        return unshare(user, id, SavedQueryStore.ROLE, role);
    }

    /** Checks ownership first, so a query the caller cannot see is a 404 whatever the grantee. */
    private SavedQueryView share(TesseraUser user, String id, String kind, String rawGrantee) {
        StoredQuery query = saved.owned(user, id);
        String grantee = Grantees.of(kind, rawGrantee);
        if (kind.equals(SavedQueryStore.USER) && grantee.equals(user.getName())) {
            throw ProblemException.unprocessable("username", "You own this query already; share it with someone else.");
        }
        Outcome outcome = saved.store().share(user.getName(), query, kind, grantee, SavedQueries.MAX_SHARES_PER_QUERY);
        if (outcome == Outcome.TOO_MANY) {
            throw ProblemException.unprocessable(kind, "A query may be shared with at most "
                    + SavedQueries.MAX_SHARES_PER_QUERY + " users and roles; share it with a role instead.");
        }
        failUnlessDone(outcome, query.name());
        return saved.view(saved.store().byId(id).orElseThrow(), true);
    }

    private SavedQueryView unshare(TesseraUser user, String id, String kind, String rawGrantee) {
        StoredQuery query = saved.owned(user, id);
        String grantee = Grantees.of(kind, rawGrantee);
        if (saved.store().unshare(user.getName(), query, kind, grantee) == Outcome.UNCHANGED) {
            throw ProblemException.notFound("The saved query '" + query.name() + "' is not shared with " + kind + " '"
                    + grantee + "'.");
        }
        return saved.view(query, true);
    }

    /** A request checked: name, a cube the caller may query, a query that fits it. */
    private Draft draft(TesseraUser user, SavedQueryRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("Send a JSON body: {\"name\": \"Revenue by country\", \"cube\": \"sales\","
                    + " \"query\": {\"measures\": [\"revenue\"], \"levels\": [\"geo.country\"]}}.");
        }
        String name = SavedQueries.name(request.name());
        if (request.cube() == null || request.cube().isBlank()) {
            throw ProblemException.unprocessable("/cube", "cube is required; GET /api/v1/cubes lists the cubes you may query.");
        }
        cubes.metadata(user, request.cube()); // 404 for no such cube, 403 when none of the caller's roles grants it
        return new Draft(name, request.cube(), saved.queryJson(request.cube(), request.query()));
    }

    private record Draft(String name, String cube, String json) {}

    private static void failUnlessDone(Outcome outcome, String name) {
        switch (outcome) {
            case DONE, UNCHANGED -> { }
            case NAME_TAKEN -> throw ProblemException.conflict("You already have a saved query named '" + name
                    + "'; choose another name, or update that one with PUT.");
            case TOO_MANY -> throw ProblemException.unprocessable("/", "You have " + SavedQueries.MAX_PER_OWNER
                    + " saved queries, the most one user may keep; delete some first.");
            case NOT_FOUND -> throw ProblemException.notFound("The saved query was deleted meanwhile.");
        }
    }
}
