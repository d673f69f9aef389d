package dev.tessera.cube;

/**
 * Too many queries at once: the user already runs {@code maxConcurrentQueriesPerUser} ({@link Scope#USER}),
 * or the engine's queue is full ({@link Scope#SERVER}). The server answers 429 with a short Retry-After.
 */
public class TooManyQueriesException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Scope { USER, SERVER }

    private final Scope scope;

    public TooManyQueriesException(Scope scope, int limit) {
        super(scope == Scope.USER
                ? "you already run " + limit + " queries at once; wait for one to finish"
                : "the engine is busy (" + limit + " queries waiting); try again shortly");
        this.scope = scope;
    }

    public Scope scope() {
        return scope;
    }
}
