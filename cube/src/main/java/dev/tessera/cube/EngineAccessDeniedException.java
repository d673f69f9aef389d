package dev.tessera.cube;

/**
 * The engine's own access control refused the query for the signed-in user (an engine that runs each query as
 * that user, such as Trino with {@code runAsSignedInUser}). The server answers 403.
 */
public class EngineAccessDeniedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EngineAccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
