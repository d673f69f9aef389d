package dev.tessera.server.cubes;

import com.codahale.metrics.annotation.Timed;
import dev.tessera.cube.CsvExport;
import dev.tessera.cube.CubeMetadata;
import dev.tessera.cube.CubeService;
import dev.tessera.cube.CubeSummary;
import dev.tessera.cube.ExplainResult;
import dev.tessera.cube.MembersResult;
import dev.tessera.cube.QueryResult;
import dev.tessera.cube.query.CubeQuery;
import dev.tessera.cube.restrict.EffectiveRestriction;
import dev.tessera.server.arrow.ArrowAnswerWriter;
import dev.tessera.server.auth.TesseraUser;
import dev.tessera.server.errors.ProblemException;
import dev.tessera.server.roles.Roles;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/v1/cubes}: the cubes the caller may query, their metadata, member values and queries. The caller's
 * restriction is worked out here from their roles and handed to the cube layer, which applies it in SQL before
 * aggregation; a cube the caller may not see at all (fail-closed, no grant) is hidden from the list and a 403.
 */
@Path("api/v1/cubes")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.USER)
public final class CubesResource {

    public static final String TEXT_CSV = "text/csv";
    /**
     * CSV only when asked for: with no Accept header, or a wildcard one, the two query methods would tie, and Jersey
     * would break the tie by reflection order, which differs between JVM runs.
     */
    private static final String TEXT_CSV_SECOND_CHOICE = "text/csv;qs=0.5";

    /** Arrow only when asked for by name, like CSV. */
    private static final String ARROW_SECOND_CHOICE = ArrowAnswerWriter.MEDIA_TYPE + ";qs=0.4";

    private final CubeService cubes;
    private final CubeAccess access;

    public CubesResource(CubeService cubes, CubeAccess access) {
        this.cubes = cubes;
        this.access = access;
    }

    @GET
    public List<CubeSummary> list(@Auth TesseraUser user) {
        return cubes.listCubes().stream()
                .filter(cube -> !(access.restriction(cube.name(), user.roles()) instanceof EffectiveRestriction.None))
                .toList();
    }

    @GET
    @Path("{cube}")
    public CubeMetadata metadata(@Auth TesseraUser user, @PathParam("cube") String cube,
                                 @Context ContainerRequestContext request) {
        restrictionFor(user, cube);
        Conditional.check(request, cubes.metadataTag(cube));
        CubeMetadata metadata = cubes.metadata(cube);
        Conditional.confirm(request, cubes.metadataTag(cube));
        return metadata;
    }

    /** A cube's metadata for callers inside the server: 404 for no such cube, 403 when no role grants it. */
    public CubeMetadata metadata(TesseraUser user, String cube) {
        restrictionFor(user, cube);
        return cubes.metadata(cube);
    }

    @GET
    @Path("{cube}/members/{level}")
    @Timed(name = "tessera.cubes.members", absolute = true)
    public MembersResult members(@Auth TesseraUser user, @PathParam("cube") String cube, @PathParam("level") String level,
                                 @QueryParam("q") String search, @QueryParam("limit") String limit,
                                 @Context ContainerRequestContext request) {
        EffectiveRestriction restriction = restrictionFor(user, cube);
        Integer n = parseLimit(limit);
        Conditional.check(request, cubes.membersTag(cube, level, search, n, restriction));
        MembersResult members = cubes.members(cube, level, search, n, restriction, user.getName(),
                Conditional.noCache(request));
        Conditional.confirm(request, cubes.membersTag(cube, level, search, n, restriction));
        return members;
    }

    @POST
    @Path("{cube}/query")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Timed(name = "tessera.cubes.query.json", absolute = true)
    public QueryResult query(@Auth TesseraUser user, @PathParam("cube") String cube, CubeQuery query,
                             @Context ContainerRequestContext request) {
        return conditionalQuery(user, cube, query, request, "json");
    }

    /** A query's JSON answer, for callers inside the server (saved queries): cached, without conditional headers. */
    public QueryResult query(TesseraUser user, String cube, CubeQuery query) {
        return cubes.query(cube, requireBody(query), restrictionFor(user, cube), user.getName());
    }

    /** The same query as CSV, streamed; a result past the export cap is a 422 before any byte is sent. */
    @POST
    @Path("{cube}/query")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(TEXT_CSV_SECOND_CHOICE)
    @Timed(name = "tessera.cubes.query.csv", absolute = true)
    public Response queryCsv(@Auth TesseraUser user, @PathParam("cube") String cube, CubeQuery query,
                             @Context ContainerRequestContext request) {
        CubeQuery body = requireBody(query);
        EffectiveRestriction restriction = restrictionFor(user, cube);
        Conditional.check(request, cubes.queryTag(cube, body, restriction, "csv"));
        CsvExport export = cubes.openCsv(cube, body, restriction, user.getName());
        Conditional.confirm(request, cubes.queryTag(cube, body, restriction, "csv"));
        return csvAnswer(cube, export);
    }

    /** A query's CSV answer, for callers inside the server (saved queries): without conditional headers. */
    public Response queryCsv(TesseraUser user, String cube, CubeQuery query) {
        return csvAnswer(cube, cubes.openCsv(cube, requireBody(query), restrictionFor(user, cube), user.getName()));
    }

    private static Response csvAnswer(String cube, CsvExport export) {
        StreamingOutput out = stream -> {
            try (export) {
                export.writeTo(stream);
            }
        };
        return Response.ok(out, TEXT_CSV + "; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + cube + ".csv\"")
                .build();
    }

    /**
     * The same query as an Arrow IPC stream: the rows, page and totals marker of the JSON answer, under the same
     * row cap and restriction (README, "Arrow answers"); on DuckDB from its own Arrow export, not from row objects.
     * The encoded stream is kept in the result cache, so a repeated request sends bytes without encoding them again.
     */
    @POST
    @Path("{cube}/query")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(ARROW_SECOND_CHOICE)
    @Timed(name = "tessera.cubes.query.arrow", absolute = true)
    public Response queryArrow(@Auth TesseraUser user, @PathParam("cube") String cube, CubeQuery query,
                               @Context ContainerRequestContext request) {
        CubeQuery body = requireBody(query);
        EffectiveRestriction restriction = restrictionFor(user, cube);
        Conditional.check(request, cubes.queryTag(cube, body, restriction, "arrow"));
        byte[] arrow = cubes.queryEncoded(cube, body, restriction, user.getName(), Conditional.noCache(request), "arrow",
                ArrowAnswerWriter.encoder());
        Conditional.confirm(request, cubes.queryTag(cube, body, restriction, "arrow"));
        return Response.ok(arrow, ArrowAnswerWriter.MEDIA_TYPE).build();
    }

    /** A query answered from the result cache when it can be, 304 when the caller's copy is current. */
    private QueryResult conditionalQuery(TesseraUser user, String cube, CubeQuery query,
                                         ContainerRequestContext request, String format) {
        CubeQuery body = requireBody(query);
        EffectiveRestriction restriction = restrictionFor(user, cube);
        Conditional.check(request, cubes.queryTag(cube, body, restriction, format));
        QueryResult result = cubes.query(cube, body, restriction, user.getName(), Conditional.noCache(request));
        Conditional.confirm(request, cubes.queryTag(cube, body, restriction, format));
        return result;
    }

    /**
     * The SQL a query becomes (admins only). Admins see everything, so {@code ?as=ROLE_FR,ROLE_EUR} shows the
     * statement for a user holding those roles, restriction included.
     */
    // String.split drops trailing empty parts, so "ROLE_FR," reads as ROLE_FR, as it always has (",," is refused).
    @SuppressWarnings("StringSplitter")
    @POST
    @Path("{cube}/query/explain")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public ExplainResult explain(@Auth TesseraUser user, @PathParam("cube") String cube, @QueryParam("as") String asRoles,
                                 CubeQuery query) {
        EffectiveRestriction restriction = restrictionFor(user, cube);
        if (asRoles != null && !asRoles.isBlank()) {
            Set<String> roles = new LinkedHashSet<>();
            for (String role : asRoles.split(",")) {
                if (!Roles.isValidName(role.strip())) {
                    throw ProblemException.unprocessable("as", "'" + role.strip() + "' is not a valid role name.");
                }
                roles.add(role.strip());
            }
            restriction = access.restrictionAs(cube, roles);
        }
        return cubes.explain(cube, requireBody(query), restriction);
    }

    private EffectiveRestriction restrictionFor(TesseraUser user, String cube) {
        if (!cubes.hasCube(cube)) {
            throw ProblemException.notFound("No cube '" + cube + "'; GET /api/v1/cubes lists the cubes you may query.");
        }
        EffectiveRestriction restriction = access.restriction(cube, user.roles());
        if (restriction instanceof EffectiveRestriction.None) {
            throw new ProblemException(403, "None of your roles grants access to cube '" + cube
                    + "'; ask an administrator for a role restricted to, or granted, this cube.");
        }
        return restriction;
    }

    private static CubeQuery requireBody(CubeQuery query) {
        if (query == null) {
            throw ProblemException.badRequest(
                    "Send the query as a JSON body, e.g. {\"measures\":[\"revenue\"],\"levels\":[\"geo.country\"]}.");
        }
        return query;
    }

    private static Integer parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(limit.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.unprocessable("limit", "limit must be a whole number, not '" + limit + "'.");
        }
    }
}
