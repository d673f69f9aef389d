package dev.tessera.cube.engine;

/** A reload was asked for while another one runs; the one running will serve the newest files it read. */
public class ReloadInProgressException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReloadInProgressException(String message) {
        super(message);
    }
}
