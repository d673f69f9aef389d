package dev.tessera.server.auth;

import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.server.Response;

/**
 * Jetty's error pages (a path Jetty refuses before routing, headers too large) are written from fresh headers,
 * past {@link SecurityHeadersFilter}: this puts the same headers on them, and no stack trace or cause in them.
 * Every error page, a bad message's included, passes through {@link #generateCacheControl} since Jetty 12.0.8.
 */
final class HardenedErrorHandler extends ErrorHandler {

    HardenedErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
        setCacheControl("no-store");
    }

    @Override
    protected void generateCacheControl(Response response) {
        super.generateCacheControl(response);
        SecurityHeadersFilter.HEADERS.forEach(response.getHeaders()::put);
    }
}
