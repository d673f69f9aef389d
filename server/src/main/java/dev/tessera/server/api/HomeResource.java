package dev.tessera.server.api;

import static dev.tessera.server.Html.escape;

import dev.tessera.cube.CubeSummary;
import dev.tessera.server.Html;
import dev.tessera.server.auth.TesseraUser;
import dev.tessera.server.cubes.CubesResource;
import dev.tessera.server.roles.Roles;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /}: where a browser lands after login: who you are, your roles, the cubes you may query, logout. */
@Path("/")
@PermitAll
public final class HomeResource {

    private final CubesResource cubes;

    public HomeResource(CubesResource cubes) {
        this.cubes = cubes;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String home(@Auth TesseraUser user) {
        StringBuilder html = new StringBuilder(1024)
                .append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Tessera</title>")
                .append(Html.SAME_ORIGIN_REFERRER)
                .append(Html.STYLESHEET)
                .append("</head><body><h1>Tessera</h1><p>Signed in as <strong>").append(escape(user.getName()))
                .append("</strong> (").append(escape(user.identity().backend())).append("), roles: ")
                .append(escape(String.join(", ", user.roles().roles().stream().sorted().toList()))).append("</p>");
        List<CubeSummary> visible = user.roles().has(Roles.USER) ? cubes.list(user) : List.of();
        if (visible.isEmpty()) {
            html.append("<p>No cube is available to you. An administrator can grant you ROLE_USER; "
                    + "<a href=\"/api/v1/whoami\">/api/v1/whoami</a> shows what you have.</p>");
        } else {
            html.append("<h2>Cubes</h2><ul>");
            for (CubeSummary cube : visible) {
                html.append("<li><a href=\"/api/v1/cubes/").append(escape(cube.name())).append("\">")
                        .append(escape(cube.title() != null ? cube.title() : cube.name())).append("</a>");
                if (cube.description() != null) {
                    html.append(" — ").append(escape(cube.description()));
                }
                html.append("</li>");
            }
            html.append("</ul><p><a class=\"button\" href=\"/ui/\">Open the cube explorer</a></p>")
                    .append("<p>Query with <code>POST /api/v1/cubes/{cube}/query</code> (JSON or CSV).</p>");
        }
        return html.append("<form method=\"post\" action=\"/logout\"><button type=\"submit\">Sign out</button></form>")
                .append("</body></html>").toString();
    }
}
