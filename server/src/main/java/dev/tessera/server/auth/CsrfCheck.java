package dev.tessera.server.auth;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.URI;
import java.util.Locale;

/**
 * Cross-site request forgery check for requests authenticated by cookie: the browser's Origin must be this
 * server's, or the request must carry {@code X-Requested-With}, which a cross-site form cannot set.
 */
public final class CsrfCheck {

    private final URI publicBaseUrl;

    public CsrfCheck(URI publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl;
    }

    public boolean passes(ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        if (origin != null && !origin.equals("null")) {
            return sameOrigin(origin, request.getUriInfo().getBaseUri())
                    || (publicBaseUrl != null && sameOrigin(origin, publicBaseUrl));
        }
        return request.getHeaderString("X-Requested-With") != null;
    }

    /** Whether a browser-sent Origin header names this server; an absent Origin is not a cross-site one. */
    public boolean originAllowed(ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        if (origin == null) {
            return true;
        }
        return sameOrigin(origin, request.getUriInfo().getBaseUri())
                || (publicBaseUrl != null && sameOrigin(origin, publicBaseUrl));
    }

    private static boolean sameOrigin(String origin, URI base) {
        try {
            URI o = URI.create(origin);
            return o.getScheme() != null && o.getHost() != null
                    && o.getScheme().toLowerCase(Locale.ROOT).equals(base.getScheme().toLowerCase(Locale.ROOT))
                    && o.getHost().equalsIgnoreCase(base.getHost())
                    && port(o) == port(base);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
