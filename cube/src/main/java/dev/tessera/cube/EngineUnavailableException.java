package dev.tessera.cube;

/** The engine is not started, stopping, or out of memory. The server answers 503. */
public class EngineUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
