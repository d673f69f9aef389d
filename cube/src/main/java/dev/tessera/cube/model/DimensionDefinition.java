package dev.tessera.cube.model;

import jakarta.validation.Valid;
import java.util.List;

/** A dimension groups hierarchies; queries name levels as {@code hierarchy.level}. */
public record DimensionDefinition(String name, String title, @Valid List<HierarchyDefinition> hierarchies) {
    public DimensionDefinition {
        hierarchies = hierarchies == null ? List.of() : List.copyOf(hierarchies);
    }
}
