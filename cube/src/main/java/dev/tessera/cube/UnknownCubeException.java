package dev.tessera.cube;

import java.util.Collection;

/** No cube by that name. The server answers 404 (or 403 if it hides cubes the caller may not see). */
public class UnknownCubeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String cube;

    public UnknownCubeException(String cube, Collection<String> known) {
        super("unknown cube '" + cube + "'; cubes are: " + String.join(", ", known));
        this.cube = cube;
    }

    public String cube() {
        return cube;
    }
}
