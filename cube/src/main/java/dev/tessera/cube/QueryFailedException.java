package dev.tessera.cube;

/** The engine refused a statement the planner built: a bug or a bad cube expression. The server answers 500. */
public class QueryFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueryFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
