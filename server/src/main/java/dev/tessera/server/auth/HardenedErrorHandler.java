package dev.tessera.server.auth;

import java.nio.ByteBuffer;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Response;

/**
 * Jetty's error pages (a path Jetty refuses before routing, headers too large) are written from fresh headers,
 * past {@link SecurityHeadersFilter}: this puts the same headers on them, and no stack trace or cause in them.
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

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        ByteBuffer body = super.badMessageError(status, reason, fields);
        SecurityHeadersFilter.HEADERS.forEach(fields::put);
        return body;
    }
}
