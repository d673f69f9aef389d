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

/**
 * Refuses a request body larger than {@code maxRequestBodySize} with 413 before anything parses it, and before
 * authentication (a password check is slower than counting). A declared {@code Content-Length} is compared and the
 * body never read; a body of unknown length (chunked) is read into memory up to one byte past the limit and
 * refused there, so no more than the limit is ever held. A body within the limit reaches its resource unchanged.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class RequestBodyLimit implements ContainerRequestFilter {

    private final long maxBytes;

    public RequestBodyLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && !declared.isBlank()) {
            if (declaredLength(declared) > maxBytes) {
                request.abortWith(tooLarge());
            }
            return; // Jetty delivers no more than the declared length
        }
        if (request.hasEntity()) {
            try {
                byte[] body = request.getEntityStream().readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
                if (body.length > maxBytes) {
                    request.abortWith(tooLarge());
                } else {
                    request.setEntityStream(new ByteArrayInputStream(body));
                }
            } catch (IOException e) {
                request.abortWith(Problem.of(400, "The request body could not be read to its end.").toResponse().build());
            }
        }
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
