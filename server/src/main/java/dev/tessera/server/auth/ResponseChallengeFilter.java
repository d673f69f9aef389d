package dev.tessera.server.auth;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;

/** Sends the backend's success token (SPNEGO mutual authentication) back in {@code WWW-Authenticate}. */
public final class ResponseChallengeFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object challenge = request.getProperty(AuthenticationFilter.RESPONSE_CHALLENGE);
        if (challenge != null) {
            response.getHeaders().add(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
    }
}
