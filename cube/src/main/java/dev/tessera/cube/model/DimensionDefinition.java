package dev.tessera.cube.model;

import java.util.List;

/** A dimension groups hierarchies; queries name levels as {@code hierarchy.level}. */
public record DimensionDefinition(String name, String title, List<HierarchyDefinition> hierarchies) {
    public DimensionDefinition {
        hierarchies = hierarchies == null ? List.of() : List.copyOf(hierarchies);
    }
}
