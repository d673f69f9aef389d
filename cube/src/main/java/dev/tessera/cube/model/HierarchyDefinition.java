package dev.tessera.cube.model;

import jakarta.validation.Valid;
import java.util.List;

/** Levels from coarse to fine, e.g. continent &gt; country &gt; city. Names are unique within a cube. */
public record HierarchyDefinition(String name, String title, @Valid List<LevelDefinition> levels) {
    public HierarchyDefinition {
        levels = levels == null ? List.of() : List.copyOf(levels);
    }
}
