package dev.tessera.cube;

import java.time.Duration;

/** The query ran past its time; the engine statement was cancelled. The server answers 504. */
public class QueryTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    public QueryTimeoutException(Duration timeout) {
        super("the query took longer than " + timeout.toMillis() + " ms and was cancelled");
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }
}
