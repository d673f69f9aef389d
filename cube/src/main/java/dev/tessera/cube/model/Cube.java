package dev.tessera.cube.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A compiled, validated cube: what the planner and the restriction resolver work from. {@code time} holds the
 * time zone and first day of week a query's {@code time} falls back on.
 */
public record Cube(String name, String title, String description, String fact, List<Join> joins,
                   List<Dimension> dimensions, Map<String, Level> levels, Map<String, Measure> measures,
                   DefaultAccess defaultAccess, TimeDefaults time) {

    /** The answer column marking totals rows; no measure may take this name. */
    public static final String GROUPING_COLUMN = "_grouping";

    public Optional<Level> level(String ref) {
        return Optional.ofNullable(levels.get(ref));
    }

    public Optional<Measure> measure(String name) {
        return Optional.ofNullable(measures.get(name));
    }
}
