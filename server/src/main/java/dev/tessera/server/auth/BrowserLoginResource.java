package dev.tessera.server.auth;

import dev.tessera.auth.spi.BrowserLogin;
import dev.tessera.auth.spi.CredentialKind;
import dev.tessera.auth.spi.LoginFailedException;
import dev.tessera.auth.spi.ProviderUnavailableException;
import dev.tessera.auth.spi.Usernames;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OIDC round trip: {@code /login/oauth2/authorization/{providerId}} sends the browser to the provider,
 * {@code /login/oauth2/code/{providerId}} takes it back. The backend owns the protocol; this resource keeps its
 * state in a signed cookie (so the callback may land on any replica) and sets the session cookie.
 */
@Path("login/oauth2")
@Produces(MediaType.TEXT_HTML)
@Public
public final class BrowserLoginResource {

    private static final Logger LOG = LoggerFactory.getLogger(BrowserLoginResource.class);

    private final AuthChain chain;
    private final SessionCookies sessions;
    private final URI publicBaseUrl;

    public BrowserLoginResource(AuthChain chain, SessionCookies sessions, URI publicBaseUrl) {
        this.chain = chain;
        this.sessions = sessions;
        this.publicBaseUrl = publicBaseUrl;
    }

    @GET
    @Path("authorization/{providerId}")
    public Response begin(@PathParam("providerId") String providerId, @QueryParam("returnTo") String returnTo,
                          @Context ContainerRequestContext request) {
        Optional<BrowserLogin> login = chain.browserLogin(providerId);
        if (login.isEmpty()) {
            return page(404, "No sign-in provider is called '" + providerId + "' here.");
        }
        try {
            BrowserLogin.LoginRedirect redirect = login.get().begin(callbackUri(providerId, request));
            return Response.seeOther(redirect.location())
                    .cookie(sessions.loginState(providerId, redirect.state(), ReturnPath.of(returnTo),
                            request.getSecurityContext().isSecure()))
                    .build();
        } catch (ProviderUnavailableException unavailable) {
            LOG.warn("Cannot start sign-in with '{}': {}", providerId, unavailable.getMessage());
            return Response.fromResponse(page(503, "The sign-in provider '" + login.get().displayName()
                            + "' cannot be reached right now; try again shortly."))
                    .header("Retry-After", Math.max(1, unavailable.retryAfter().toSeconds())).build();
        }
    }

    @GET
    @Path("code/{providerId}")
    public Response callback(@PathParam("providerId") String providerId, @Context ContainerRequestContext request) {
        boolean secure = request.getSecurityContext().isSecure();
        Optional<BrowserLogin> login = chain.browserLogin(providerId);
        if (login.isEmpty()) {
            return page(404, "No sign-in provider is called '" + providerId + "' here.");
        }
        Optional<SessionCookies.LoginState> state =
                sessions.readLoginState(request.getCookies().get(SessionCookies.LOGIN_COOKIE));
        if (state.isEmpty() || !state.get().providerId().equals(providerId)) {
            return page(400, "This sign-in link has expired or was not started here; start again.", secure);
        }
        Map<String, String> parameters = new HashMap<>();
        request.getUriInfo().getQueryParameters().forEach((name, values) -> {
            if (values.size() == 1) {
                parameters.put(name, values.get(0));
            }
        });
        try {
            BrowserLogin.Session session = login.get().completeSession(parameters, state.get().backendState(),
                    callbackUri(providerId, request));
            // Checked again: a state cookie signed by an older release may hold a path this one refuses.
            return Response.seeOther(URI.create(ReturnPath.of(state.get().returnTo())))
                    .cookie(sessions.issue(session, secure), sessions.clearLoginState(secure))
                    .build();
        } catch (LoginFailedException e) {
            LOG.info("Sign-in with '{}' refused: {}", providerId, e.getMessage());
            return page(401, "Sign-in failed: " + e.getMessage(), secure);
        } catch (Usernames.InvalidUsernameException e) {
            LOG.info("Sign-in with '{}' refused: unusable username: {}", providerId, e.getMessage());
            return page(401, "Sign-in failed: the provider's username is refused: " + e.getMessage() + ".", secure);
        } catch (ProviderUnavailableException e) {
            LOG.warn("Sign-in with '{}' could not complete: {}", providerId, e.getMessage());
            return Response.fromResponse(page(503, "The sign-in provider '" + login.get().displayName()
                            + "' cannot be reached right now; try again shortly.", secure))
                    .header("Retry-After", Math.max(1, e.retryAfter().toSeconds())).build();
        }
    }

    private URI callbackUri(String providerId, ContainerRequestContext request) {
        UriBuilder base = publicBaseUrl != null
                ? UriBuilder.fromUri(publicBaseUrl)
                : request.getUriInfo().getBaseUriBuilder();
        return base.path("login/oauth2/code").path(providerId).replaceQuery(null).build();
    }

    /** The whole sign-in page with the message: another way in is one click away. */
    private Response page(int status, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(LoginPage.render(chain.takes(CredentialKind.PASSWORD), chain.takes(CredentialKind.NEGOTIATE),
                        chain.browserLogins(), "/", message)).build();
    }

    private Response page(int status, String message, boolean secure) {
        return Response.fromResponse(page(status, message)).cookie(sessions.clearLoginState(secure)).build();
    }
}
