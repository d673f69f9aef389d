package dev.tessera.server.config;

/**
 * Start-up stopped for a reason a person fixes in config.yml or on disk: a table file missing, data that will not
 * load, a cube the engine refuses. {@code server config.yml} prints the message alone, as it does a config.yml that
 * does not validate: a stack trace in front of it would bury the one line that says what to do.
 */
public class CannotStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CannotStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
