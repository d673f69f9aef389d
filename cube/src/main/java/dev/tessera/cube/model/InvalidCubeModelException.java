package dev.tessera.cube.model;

import java.util.List;

/** The cube definitions are wrong; each message names the cube, the item and what is wrong. */
public class InvalidCubeModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidCubeModelException(List<String> problems) {
        super("invalid cube definitions:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
