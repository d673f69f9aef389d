package dev.tessera.server.auth;

import dev.tessera.auth.spi.BrowserLogin;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * What authentication has to say on the way out: the backend's success token (SPNEGO mutual authentication) in
 * {@code WWW-Authenticate}, and the new session cookie after a server-side refresh.
 */
public final class ResponseHeadersFilter implements ContainerResponseFilter {

    private final SessionCookies sessions;

    public ResponseHeadersFilter(SessionCookies sessions) {
        this.sessions = sessions;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object challenge = request.getProperty(AuthenticationFilter.RESPONSE_CHALLENGE);
        if (challenge != null) {
            response.getHeaders().add(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        if (request.getProperty(AuthenticationFilter.REFRESHED_SESSION) instanceof BrowserLogin.Session refreshed) {
            // Jersey writes a NewCookie header value with its own header delegate, attributes and all.
            response.getHeaders().add(HttpHeaders.SET_COOKIE,
                    sessions.issue(refreshed, request.getSecurityContext().isSecure()));
        }
    }
}
