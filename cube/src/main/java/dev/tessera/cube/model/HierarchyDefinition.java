package dev.tessera.cube.model;

import java.util.List;

/** Levels from coarse to fine, e.g. continent &gt; country &gt; city. Names are unique within a cube. */
public record HierarchyDefinition(String name, String title, List<LevelDefinition> levels) {
    public HierarchyDefinition {
        levels = levels == null ? List.of() : List.copyOf(levels);
    }
}
