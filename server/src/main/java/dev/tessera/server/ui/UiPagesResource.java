package dev.tessera.server.ui;

import static dev.tessera.server.Html.escape;

import dev.tessera.server.Html;
import dev.tessera.server.auth.TesseraUser;
import dev.tessera.server.roles.Roles;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The browser UI's two pages, {@code /ui/} (cube explorer) and {@code /ui/admin} (admin console). Served through
 * Jersey rather than the assets servlet so that they sit behind the same sign-in as the API: a signed-out browser
 * is sent to {@code /login} and comes back here, and the console refuses a caller without ROLE_ADMIN before any of
 * its script loads. The scripts and styles they name are static and public ({@link WebUi#ASSETS_PATH}); every datum
 * comes from the protected API.
 */
@Path("ui")
@Produces(MediaType.TEXT_HTML)
@PermitAll
public final class UiPagesResource {

    private final WebUi pages;

    public UiPagesResource(WebUi pages) {
        this.pages = pages;
    }

    /** Signed in is enough: a user without ROLE_USER gets the page that tells them whom to ask. */
    @GET
    public Response explorer(@Auth TesseraUser user) {
        return html(200, pages.page("index.html"));
    }

    @GET
    @Path("admin")
    public Response admin(@Auth TesseraUser user) {
        if (!user.roles().has(Roles.ADMIN)) {
            return html(403, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    + "<title>Admin console - Tessera</title>" + Html.STYLESHEET + "</head><body>"
                    + "<h1>The admin console needs ROLE_ADMIN</h1><p class=\"message\" role=\"alert\">You are signed in as <strong>"
                    + escape(user.getName()) + "</strong> (" + escape(user.identity().backend())
                    + ") and do not hold ROLE_ADMIN. Ask an administrator if you need it.</p>"
                    + "<p><a href=\"/ui/\">Back to the cube explorer</a></p></body></html>");
        }
        return html(200, pages.page("admin.html"));
    }

    private static Response html(int status, String body) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(body).build();
    }
}
