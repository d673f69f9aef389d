package dev.tessera.cube;

/** The engine is not started, stopping, or out of memory. The server answers 503. */
public class EngineUnavailableException extends RuntimeException {
    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
