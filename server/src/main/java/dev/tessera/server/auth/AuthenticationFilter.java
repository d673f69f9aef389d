package dev.tessera.server.auth;

import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.Identity;
import dev.tessera.auth.spi.http.AuthorizationHeader;
import dev.tessera.auth.spi.http.MalformedCredentialsException;
import dev.tessera.server.errors.Problem;
import dev.tessera.server.roles.ResolvedRoles;
import dev.tessera.server.roles.RoleResolver;
import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates the caller of every resource method but the {@link Public} ones (registered per method by
 * {@link AccessFeature}): Authorization header first, then the session cookie. Roles are checked next, by
 * {@link RoleCheck}, on the method that was matched.
 */
@Priority(Priorities.AUTHENTICATION)
public final class AuthenticationFilter implements ContainerRequestFilter {

    /** Request property holding a {@code WWW-Authenticate} value for the response (SPNEGO mutual auth). */
    public static final String RESPONSE_CHALLENGE = "tessera.responseChallenge";
    /** Request property holding a session refreshed with the provider, whose cookie the response sets. */
    public static final String REFRESHED_SESSION = "tessera.refreshedSession";
    private static final Set<String> SAFE_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final AuthChain chain;
    private final SessionCookies sessions;
    private final RoleResolver resolver;
    private final CsrfCheck csrf;
    private final SessionRefresher refresher;

    public AuthenticationFilter(AuthChain chain, SessionCookies sessions, RoleResolver resolver, CsrfCheck csrf,
                                SessionRefresher refresher) {
        this.chain = chain;
        this.sessions = sessions;
        this.resolver = resolver;
        this.csrf = csrf;
        this.refresher = refresher;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<TesseraUser> user = authenticate(request);
        if (user.isEmpty()) {
            return; // aborted with 401/503 or a redirect to the login page
        }
        TesseraUser caller = user.get();
        if (!caller.roles().admitted()) {
            abort(request, Problem.of(403, "The name '" + caller.getName() + "' belongs to another sign-in: it is bound "
                    + "to backend " + caller.roles().boundBackends() + ", not '" + caller.identity().backend()
                    + "'. If both are the same person, an administrator can link them: PUT /api/v1/admin/users/"
                    + caller.getName() + "/backends/" + caller.identity().backend() + ".").toResponse().build());
            return;
        }
        if (caller.viaSession() && !SAFE_METHODS.contains(request.getMethod()) && !csrf.passes(request)) {
            abort(request, Problem.of(403, "Cross-site request refused: a state-changing request made with the "
                    + "session cookie needs a same-origin Origin header or an X-Requested-With header.").toResponse().build());
            return;
        }
        boolean secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new UserSecurityContext(caller, secure));
    }

    private Optional<TesseraUser> authenticate(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Optional<Credentials> credentials;
        try {
            credentials = AuthorizationHeader.parse(header);
        } catch (MalformedCredentialsException e) {
            abort(request, unauthorized(e.getMessage(), chain.challenges()));
            return Optional.empty();
        }
        if (credentials.isPresent()) {
            return authenticate(request, credentials.get());
        }
        if (header != null && !header.isBlank()) {
            abort(request, unauthorized("The Authorization scheme is not one this server takes.", chain.challenges()));
            return Optional.empty();
        }
        Optional<SessionCookies.StoredSession> session = sessions.readSession(request.getCookies().get(sessions.cookieName()));
        if (session.isPresent() && chain.backend(session.get().session().identity().backend()).isPresent()) {
            return sessionUser(request, session.get());
        }
        if (wantsHtml(request)) {
            // The path as sent (still encoded) with its query: the login page checks it again (ReturnPath).
            URI asked = request.getUriInfo().getRequestUri();
            String returnTo = asked.getRawPath() + (asked.getRawQuery() == null ? "" : "?" + asked.getRawQuery());
            abort(request, Response.seeOther(URI.create("/login?returnTo="
                    + URLEncoder.encode(returnTo, StandardCharsets.UTF_8))).build());
            return Optional.empty();
        }
        abort(request, unauthorized("Authentication required.", chain.challenges()));
        return Optional.empty();
    }

    private Optional<TesseraUser> sessionUser(ContainerRequestContext request, SessionCookies.StoredSession stored) {
        Identity identity = stored.session().identity();
        ResolvedRoles roles = resolver.resolve(identity);
        // Logout, a password change or an admin ended every session issued until then, on every replica.
        if (roles.sessionsRevokedAt().isPresent() && !stored.issuedAt().isAfter(roles.sessionsRevokedAt().get())) {
            endSession(request, "you signed out, or your password or access changed; sign in again.");
            return Optional.empty();
        }
        SessionRefresher.Outcome outcome = refresher.refreshIfDue(stored.session());
        if (outcome instanceof SessionRefresher.Outcome.Ended ended) {
            endSession(request, ended.reason());
            return Optional.empty();
        }
        if (outcome instanceof SessionRefresher.Outcome.Refreshed refreshed) {
            request.setProperty(REFRESHED_SESSION, refreshed.session());
            identity = refreshed.session().identity();
            roles = resolver.resolve(identity);
        }
        return Optional.of(new TesseraUser(identity, roles, TesseraUser.SESSION));
    }

    private void endSession(ContainerRequestContext request, String reason) {
        boolean secure = request.getSecurityContext().isSecure();
        abort(request, Response.fromResponse(unauthorized("Your session has ended: " + reason, chain.challenges()))
                .cookie(sessions.clear(secure)).build());
    }

    private Optional<TesseraUser> authenticate(ContainerRequestContext request, Credentials credentials) {
        AuthChain.Result result = chain.authenticate(credentials, ClientAddressFilter.of(request));
        if (result instanceof AuthChain.Result.Authenticated ok) {
            ok.responseChallenge().ifPresent(value -> request.setProperty(RESPONSE_CHALLENGE, value));
            ResolvedRoles roles = resolver.resolve(ok.identity());
            return Optional.of(new TesseraUser(ok.identity(), roles, AuthChain.scheme(credentials.kind())));
        }
        if (result instanceof AuthChain.Result.Refused refused) {
            abort(request, unauthorized(refused.reason(), refused.challenges()));
        } else if (result instanceof AuthChain.Result.Unavailable unavailable) {
            abort(request, unavailable(unavailable.cause()));
        }
        return Optional.empty();
    }

    /**
     * Refuses the request. Its body is never read, so a kept-alive connection would carry the unread bytes into
     * the next request: the response closes the connection instead.
     */
    static void abort(ContainerRequestContext request, Response response) {
        request.abortWith(request.hasEntity()
                ? Response.fromResponse(response).header("Connection", "close").build()
                : response);
    }

    static Response unauthorized(String detail, List<String> challenges) {
        Response.ResponseBuilder builder = Problem.of(401, detail).toResponse();
        challenges.forEach(challenge -> builder.header(HttpHeaders.WWW_AUTHENTICATE, challenge));
        return builder.build();
    }

    static Response unavailable(dev.tessera.auth.spi.ProviderUnavailableException cause) {
        return Problem.of(503, "The identity provider of backend '" + cause.backend()
                        + "' cannot be reached right now; retry shortly.")
                .toResponse()
                .header(HttpHeaders.RETRY_AFTER, Math.max(1, cause.retryAfter().toSeconds()))
                .build();
    }

    private static boolean wantsHtml(ContainerRequestContext request) {
        return HttpMethod.GET.equals(request.getMethod()) && acceptsHtml(request);
    }

    /** A browser asks for HTML by name; API clients send no Accept or a wildcard. */
    static boolean acceptsHtml(ContainerRequestContext request) {
        return request.getAcceptableMediaTypes().stream()
                .anyMatch(type -> !type.isWildcardType() && type.isCompatible(MediaType.TEXT_HTML_TYPE));
    }

    private record UserSecurityContext(TesseraUser user, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return user;
        }

        @Override
        public boolean isUserInRole(String role) {
            return user.roles().has(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return user.scheme();
        }
    }
}
