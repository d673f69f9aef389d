package dev.tessera.server.auth;

import dev.tessera.auth.spi.BrowserLogin;
import dev.tessera.auth.spi.CredentialKind;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.Identity;
import dev.tessera.auth.spi.http.AuthorizationHeader;
import dev.tessera.auth.spi.http.MalformedCredentialsException;
import dev.tessera.server.errors.Problem;
import dev.tessera.server.roles.RoleStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** {@code GET/POST /login}, {@code GET /login/kerberos}, {@code POST /logout}. */
@Path("/")
@Public
public final class LoginResource {

    private final AuthChain chain;
    private final SessionCookies sessions;
    private final CsrfCheck csrf;
    private final URI publicBaseUrl;
    private final RoleStore store;

    public LoginResource(AuthChain chain, SessionCookies sessions, CsrfCheck csrf, URI publicBaseUrl, RoleStore store) {
        this.store = store;
        this.chain = chain;
        this.sessions = sessions;
        this.csrf = csrf;
        this.publicBaseUrl = publicBaseUrl;
    }

    @GET
    @Path("login")
    @Produces(MediaType.TEXT_HTML)
    public Response page(@QueryParam("returnTo") String returnTo, @QueryParam("loggedOut") String loggedOut) {
        String message = loggedOut != null ? "You are signed out." : null;
        return html(200, ReturnPath.of(returnTo), message);
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response login(@FormParam("username") String username, @FormParam("password") String password,
                          @FormParam("returnTo") String returnTo, @Context ContainerRequestContext request) {
        String target = ReturnPath.of(returnTo);
        if (!csrf.originAllowed(request)) {
            return html(403, target, "This sign-in form was posted from another site.");
        }
        if (!chain.takes(CredentialKind.PASSWORD)) {
            return html(400, target, "Password sign-in is not enabled on this server.");
        }
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            return html(400, target, "Enter a username and a password.");
        }
        AuthChain.Result result = chain.authenticate(new Credentials.Password(username.strip(), password),
                ClientAddressFilter.of(request));
        if (result instanceof AuthChain.Result.Authenticated ok) {
            return Response.seeOther(URI.create(target))
                    .cookie(sessions.issue(ok.identity(), request.getSecurityContext().isSecure()))
                    .build();
        }
        if (result instanceof AuthChain.Result.Unavailable unavailable) {
            return Response.fromResponse(html(503, target, "The directory cannot be reached right now; try again in a minute."))
                    .header(HttpHeaders.RETRY_AFTER, Math.max(1, unavailable.cause().retryAfter().toSeconds()))
                    .build();
        }
        return html(401, target, refusal(((AuthChain.Result.Refused) result).reason()));
    }

    /** A lock says what to do about it; other refusals read as the chain words them. */
    private static String refusal(String reason) {
        if (reason.startsWith("locked:")) {
            return "This account is locked after too many failed sign-ins. Try again in a few minutes, "
                    + "or ask an administrator.";
        }
        return reason;
    }

    /** One SPNEGO handshake, then the session cookie, so later requests do no GSS work. */
    @GET
    @Path("login/kerberos")
    public Response kerberos(@QueryParam("returnTo") String returnTo, @Context ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (!chain.takes(CredentialKind.NEGOTIATE)) {
            return Problem.of(404, "Kerberos sign-in is not enabled on this server.").toResponse().build();
        }
        String target = ReturnPath.of(returnTo);
        Optional<Credentials> credentials;
        try {
            credentials = AuthorizationHeader.parse(header);
        } catch (MalformedCredentialsException e) {
            return negotiateRefused(request, target, e.getMessage());
        }
        if (credentials.isEmpty() || credentials.get().kind() != CredentialKind.NEGOTIATE) {
            return negotiateRefused(request, target,
                    "Send a Kerberos (SPNEGO) token: your browser does this on the Windows domain.");
        }
        AuthChain.Result result = chain.authenticate(credentials.get(), ClientAddressFilter.of(request));
        if (result instanceof AuthChain.Result.Authenticated ok) {
            Response.ResponseBuilder builder = Response.seeOther(URI.create(target))
                    .cookie(sessions.issue(ok.identity(), request.getSecurityContext().isSecure()));
            ok.responseChallenge().ifPresent(value -> builder.header(HttpHeaders.WWW_AUTHENTICATE, value));
            return builder.build();
        }
        if (result instanceof AuthChain.Result.Unavailable unavailable) {
            return AuthenticationFilter.unavailable(unavailable.cause());
        }
        return negotiateRefused(request, target, ((AuthChain.Result.Refused) result).reason());
    }

    /**
     * A 401 that keeps the Negotiate challenge (a browser on the domain retries with a ticket) and, for a browser
     * that has none (off the domain, or offering NTLM), a page with the other ways in rather than raw JSON.
     */
    private Response negotiateRefused(ContainerRequestContext request, String returnTo, String reason) {
        if (!AuthenticationFilter.acceptsHtml(request)) {
            return AuthenticationFilter.unauthorized(reason, List.of("Negotiate"));
        }
        return Response.fromResponse(html(401, returnTo, "Kerberos sign-in did not work: " + reason))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Negotiate")
                .build();
    }

    @POST
    @Path("logout")
    public Response logout(@Context ContainerRequestContext request) {
        boolean secure = request.getSecurityContext().isSecure();
        if (!csrf.originAllowed(request)) {
            return Problem.of(403, "Cross-site logout refused.").toResponse().build();
        }
        Optional<Identity> identity = sessions.read(request.getCookies().get(sessions.cookieName()));
        // The cookie is stateless: ending it means refusing every cookie of this user issued until now.
        identity.ifPresent(id -> store.revokeSessions(id.username(), id.username()));
        // Behind a proxy the request's own URL is an internal one the provider would refuse.
        UriBuilder base = publicBaseUrl != null ? UriBuilder.fromUri(publicBaseUrl) : request.getUriInfo().getBaseUriBuilder();
        URI loginPage = base.path("login").queryParam("loggedOut", "1").build();
        Optional<URI> atProvider = identity.flatMap(id -> chain.backend(id.backend()))
                .flatMap(backend -> backend.authenticator().browserLogin())
                .flatMap(login -> login.logoutRedirect(loginPage));
        if (atProvider.isPresent() && AuthenticationFilter.acceptsHtml(request)) {
            // A browser's form post: a 303 to the provider would break the page's form-action 'self'.
            return Response.ok(LoginPage.leaving(atProvider.get()), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .cookie(sessions.clear(secure)).build();
        }
        return Response.seeOther(atProvider.orElse(URI.create("/login?loggedOut=1")))
                .cookie(sessions.clear(secure)).build();
    }

    private Response html(int status, String returnTo, String message) {
        boolean passwordForm = chain.takes(CredentialKind.PASSWORD);
        boolean kerberos = chain.takes(CredentialKind.NEGOTIATE);
        List<BrowserLogin> providers = chain.browserLogins();
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")) // headers: SecurityHeadersFilter
                .entity(LoginPage.render(passwordForm, kerberos, providers, returnTo, message))
                .build();
    }
}
