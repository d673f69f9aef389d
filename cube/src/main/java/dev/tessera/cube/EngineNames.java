package dev.tessera.cube;

import dev.tessera.cube.model.CubeDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which engine each cube runs on: the one it names, else the only engine, else the one named {@code default}. A
 * name that is not among the engines is a problem naming the cube and the engines there are; so is a cube naming
 * none when there are several and none is {@code default}.
 */
public final class EngineNames {

    private EngineNames() {
    }

    /** One line per cube whose engine cannot be told, each naming the cube and the engines that exist. */
    public static List<String> problems(List<CubeDefinition> definitions, Set<String> engines) {
        List<String> problems = new ArrayList<>();
        for (CubeDefinition d : definitions) {
            if (d == null || d.name() == null) {
                continue; // the structural check names it
            }
            String engine = engineOf(d, engines);
            if (!engines.contains(engine)) {
                problems.add("cube '" + d.name() + "': " + (d.engine() == null
                        ? "names no engine, and there are several with none called '" + CubeService.DEFAULT_ENGINE + "'"
                        : "engine '" + d.engine() + "' does not exist") + "; engines are: " + String.join(", ", engines));
            }
        }
        return problems;
    }

    /** The engine the cube runs on (possibly one that does not exist: see {@link #problems}). */
    public static String engineOf(CubeDefinition d, Set<String> engines) {
        if (d != null && d.engine() != null) {
            return d.engine();
        }
        return engines.size() == 1 ? engines.iterator().next() : CubeService.DEFAULT_ENGINE;
    }
}
