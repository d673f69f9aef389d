package dev.tessera.server.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A bug: logged with an id the caller can quote, answered without any internals. */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

    @Override
    public Response toResponse(Throwable exception) {
        if (exception instanceof EofException) {
            // The client went away mid-request: nothing to fix here, and no one to answer.
            LOG.debug("Client closed the connection early", exception);
            return Problem.of(400, "The request ended early.").toResponse().build();
        }
        String id = UUID.randomUUID().toString();
        LOG.error("Unexpected error {}", id, exception);
        return Problem.of(500, "The server failed unexpectedly; quote error id " + id + " to your administrator.")
                .toResponse().build();
    }
}
