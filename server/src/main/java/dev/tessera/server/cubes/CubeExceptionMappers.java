package dev.tessera.server.cubes;

import dev.tessera.cube.EngineAccessDeniedException;
import dev.tessera.cube.EngineUnavailableException;
import dev.tessera.cube.QueryFailedException;
import dev.tessera.cube.QueryTimeoutException;
import dev.tessera.cube.ResultTooLargeException;
import dev.tessera.cube.TooManyQueriesException;
import dev.tessera.cube.UnknownCubeException;
import dev.tessera.cube.query.QueryValidationException;
import dev.tessera.server.errors.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The cube layer's exceptions as problem+json, one mapper each (Jersey picks the closest type). */
public final class CubeExceptionMappers {

    private static final Logger LOG = LoggerFactory.getLogger(CubeExceptionMappers.class);

    private CubeExceptionMappers() {}

    public static List<Object> all() {
        return List.of(new UnknownCube(), new InvalidQuery(), new TooLarge(), new TooMany(), new Unavailable(),
                new Timeout(), new Failed(), new Denied());
    }

    static final class UnknownCube implements ExceptionMapper<UnknownCubeException> {
        @Override
        public Response toResponse(UnknownCubeException e) {
            return Problem.of(404, e.getMessage()).toResponse().build();
        }
    }

    static final class InvalidQuery implements ExceptionMapper<QueryValidationException> {
        @Override
        public Response toResponse(QueryValidationException e) {
            List<Problem.FieldError> errors = e.errors().stream()
                    .map(error -> new Problem.FieldError(error.pointer(), error.detail())).toList();
            String detail = errors.size() == 1 ? errors.get(0).detail() : errors.size() + " problems in the query; see errors.";
            return Problem.of(422, detail).withErrors(errors).toResponse().build();
        }
    }

    static final class TooLarge implements ExceptionMapper<ResultTooLargeException> {
        @Override
        public Response toResponse(ResultTooLargeException e) {
            return Problem.of(422, e.getMessage()).toResponse().build();
        }
    }

    static final class TooMany implements ExceptionMapper<TooManyQueriesException> {
        @Override
        public Response toResponse(TooManyQueriesException e) {
            return Problem.of(429, e.getMessage()).toResponse().header(HttpHeaders.RETRY_AFTER, 1).build();
        }
    }

    static final class Unavailable implements ExceptionMapper<EngineUnavailableException> {
        @Override
        public Response toResponse(EngineUnavailableException e) {
            LOG.warn("Query engine unavailable: {}", e.getMessage());
            return Problem.of(503, e.getMessage()).toResponse().header(HttpHeaders.RETRY_AFTER, 5).build();
        }
    }

    static final class Timeout implements ExceptionMapper<QueryTimeoutException> {
        @Override
        public Response toResponse(QueryTimeoutException e) {
            return Problem.of(504, e.getMessage()).toResponse().build();
        }
    }

    static final class Failed implements ExceptionMapper<QueryFailedException> {
        @Override
        public Response toResponse(QueryFailedException e) {
            String id = UUID.randomUUID().toString();
            LOG.error("Query failed {}", id, e);
            return Problem.of(500, "The query failed in the engine; quote error id " + id + " to your administrator.")
                    .toResponse().build();
        }
    }

    static final class Denied implements ExceptionMapper<EngineAccessDeniedException> {
        @Override
        public Response toResponse(EngineAccessDeniedException e) {
            return Problem.of(403, e.getMessage()).toResponse().build();
        }
    }
}
