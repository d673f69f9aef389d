package dev.tessera.cube.query;

import java.util.List;

/**
 * The request is well-formed JSON but names what the cube lacks, uses an unknown op, a value of the wrong
 * type or a limit past the cap. The server answers 422 problem+json with {@link #errors()} as {@code errors[]}.
 */
public class QueryValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<QueryError> errors;

    public QueryValidationException(List<QueryError> errors) {
        super(errors.isEmpty() ? "invalid query" : errors.get(0).detail()
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
        this.errors = List.copyOf(errors);
    }

    public QueryValidationException(String pointer, String detail) {
        this(List.of(new QueryError(pointer, detail)));
    }

    public List<QueryError> errors() {
        return errors;
    }
}
