package dev.tessera.server.errors;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.UUID;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Role store failures. One that cannot be reached (PostgreSQL down or restarting: a connection that cannot be
 * had, or SQLSTATE class 08) is a 503 with Retry-After, like an identity provider that is down; anything else is a
 * bug, logged with an id and answered 500 without internals.
 */
@Provider
public class StoreUnavailableExceptionMapper implements ExceptionMapper<JdbiException> {

    private static final Logger LOG = LoggerFactory.getLogger(StoreUnavailableExceptionMapper.class);

    @Override
    public Response toResponse(JdbiException exception) {
        if (isUnreachable(exception)) {
            LOG.warn("The role store cannot be reached: {}", exception.getMessage());
            return Problem.of(503, "The role store cannot be reached right now; retry shortly.")
                    .toResponse().header(HttpHeaders.RETRY_AFTER, 5).build();
        }
        String id = UUID.randomUUID().toString();
        LOG.error("Role store error {}", id, exception);
        return Problem.of(500, "The role store failed unexpectedly; quote error id " + id + " to your administrator.")
                .toResponse().build();
    }

    static boolean isUnreachable(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectionException || cause instanceof ConnectException
                    || cause instanceof SQLTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
