package dev.tessera.server.http;

import dev.tessera.server.errors.Problem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses a request body larger than {@code maxRequestBodySize} with 413 before anything parses it, and before
 * authentication (a password check is slower than counting). A declared {@code Content-Length} is compared and the
 * body never read; a body of unknown length (chunked) is read into memory up to one byte past the limit and
 * refused there, so no more than the limit is ever held. A body within the limit reaches its resource unchanged.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class RequestBodyLimit implements ContainerRequestFilter {

    /** The most a refused request's body is read (and thrown away) so that its client sees the answer. */
    private static final long DRAIN_LIMIT = 16L << 20;

    private final long maxBytes;

    public RequestBodyLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && !declared.isBlank()) {
            long length = declaredLength(declared);
            if (length > maxBytes) {
                if (length <= DRAIN_LIMIT && !expectsContinue(request)) {
                    drain(request.getEntityStream(), length);
                }
                request.abortWith(tooLarge());
            }
            return; // Jetty delivers no more than the declared length
        }
        if (request.hasEntity()) {
            try {
                byte[] body = request.getEntityStream().readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
                if (body.length > maxBytes) {
                    drain(request.getEntityStream(), DRAIN_LIMIT);
                    request.abortWith(tooLarge());
                } else {
                    request.setEntityStream(new ByteArrayInputStream(body));
                }
            } catch (IOException e) {
                request.abortWith(Problem.of(400, "The request body could not be read to its end.").toResponse().build());
            }
        }
    }

    /**
     * Reads and discards what the client is still sending, up to a bound, so that it reads the 413 rather than a
     * connection reset (a close with unread bytes in the server's buffer resets the connection, and the client's
     * stack drops the answer with it; nginx's lingering close does the same). Nothing is kept; past the bound the
     * connection is simply closed. A client that asked for {@code 100-continue} has sent nothing: nothing to drain.
     */
    private static void drain(InputStream body, long atMost) {
        try {
            long left = atMost;
            byte[] buffer = new byte[8192];
            int n;
            while (left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException e) {
            // the client gave up first: nothing more to do
        }
    }

    private static boolean expectsContinue(ContainerRequestContext request) {
        String expect = request.getHeaderString("Expect");
        return expect != null && expect.toLowerCase(java.util.Locale.ROOT).contains("100-continue");
    }

    /** Jetty has already refused a malformed Content-Length; anything else unreadable counts as too large. */
    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private Response tooLarge() {
        return Problem.of(413, "The request body is larger than " + describe(maxBytes)
                + ", the most this server accepts (maxRequestBodySize). Send less: fewer filter values, or split the "
                + "request.").toResponse().header("Connection", "close").build();
    }

    static String describe(long bytes) {
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes % 1024 == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }
}
