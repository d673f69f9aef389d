package dev.tessera.server.cubes;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Locale;

/**
 * Conditional answers for the cube resources: a strong {@code ETag} on each answer, {@code If-None-Match} answered
 * with 304 and no body before the query runs, and {@code Cache-Control: private, no-cache} in place of the default
 * {@code no-store}: a browser keeps the answer but asks again each time, and no shared cache keeps it (answers are
 * per restriction). A query is a POST that reads only, so it gets the 304 a GET would.
 */
public final class Conditional implements ContainerResponseFilter {

    static final String CACHE_CONTROL = "private, no-cache";
    private static final String TAG = Conditional.class.getName() + ".tag";

    /** Whether the request asked to skip caches ({@code Cache-Control: no-cache}, or the older {@code Pragma}). */
    static boolean noCache(ContainerRequestContext request) {
        return hasNoCache(request.getHeaderString(HttpHeaders.CACHE_CONTROL)) || hasNoCache(request.getHeaderString("Pragma"));
    }

    /**
     * Answers 304 when {@code If-None-Match} names {@code tag}; otherwise the answer will carry it. A null tag (an
     * engine whose answers cannot be revalidated) leaves the request alone.
     */
    static void check(ContainerRequestContext request, String tag) {
        if (tag == null) {
            return;
        }
        String ifNoneMatch = request.getHeaderString(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && matches(ifNoneMatch, tag)) {
            throw new NotModified(tag);
        }
        request.setProperty(TAG, tag);
    }

    /**
     * Keeps the tag only if it still names the data now: a reload between the check and the answer could otherwise
     * label the new data with the old version's tag.
     */
    static void confirm(ContainerRequestContext request, String tagNow) {
        Object tag = request.getProperty(TAG);
        if (tag != null && !tag.equals(tagNow)) {
            request.removeProperty(TAG);
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object tag = request.getProperty(TAG);
        if (tag != null && response.getStatus() == 200) {
            response.getHeaders().putSingle(HttpHeaders.ETAG, tag);
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
        }
    }

    private static boolean matches(String ifNoneMatch, String tag) {
        for (String candidate : ifNoneMatch.split(",", -1)) {
            String c = candidate.strip();
            if (c.equals("*") || (c.startsWith("W/") ? c.substring(2) : c).equals(tag)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasNoCache(String header) {
        return header != null && header.toLowerCase(Locale.ROOT).contains("no-cache");
    }

    /** Thrown to answer 304 from a resource method that otherwise returns its entity. */
    static final class NotModified extends WebApplicationException {
        private static final long serialVersionUID = 1L;

        NotModified(String tag) {
            super(Response.notModified().header(HttpHeaders.ETAG, tag).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
                    .build());
        }
    }

    /** Passes the 304 through as it is; the problem+json mapper would turn it into an error body. */
    public static final class NotModifiedMapper implements ExceptionMapper<NotModified> {
        @Override
        public Response toResponse(NotModified exception) {
            return exception.getResponse();
        }
    }
}
