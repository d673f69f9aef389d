package dev.tessera.cube.query;

import dev.tessera.cube.model.Cube;
import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;
import java.util.ArrayList;
import java.util.List;

/**
 * The problems found in one query, each at a JSON pointer, and the cube's names looked up with a problem for a
 * name it lacks. Past {@link #MAX_ERRORS} the rest are dropped: a body of 100,000 bad items gets a short answer.
 */
public final class QueryProblems {
    static final int MAX_ERRORS = 100;

    private final Cube cube;
    private final List<QueryError> errors = new ArrayList<>();

    public QueryProblems(Cube cube) {
        this.cube = cube;
    }

    public void add(String pointer, String detail) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(new QueryError(pointer, detail));
        } else if (errors.size() == MAX_ERRORS) {
            errors.add(new QueryError("", "more problems were found; the first " + MAX_ERRORS + " are listed"));
        }
    }

    /** @throws QueryValidationException listing every problem, when there is one */
    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new QueryValidationException(errors);
        }
    }

    public Cube cube() {
        return cube;
    }

    /** The level named {@code ref}, or null with a problem naming the levels there are. */
    public Level level(String ref, String pointer) {
        Level l = ref == null ? null : cube.levels().get(ref);
        if (l == null) {
            add(pointer, "unknown level '" + ref + "' in cube '" + cube.name() + "'; levels are: "
                    + String.join(", ", cube.levels().keySet()));
        }
        return l;
    }

    /** The measure named {@code name}, or null with a problem naming the measures there are. */
    public Measure measure(String name, String pointer) {
        Measure m = name == null ? null : cube.measures().get(name);
        if (m == null) {
            add(pointer, "unknown measure '" + name + "' in cube '" + cube.name() + "'; measures are: "
                    + String.join(", ", cube.measures().keySet()));
        }
        return m;
    }
}
