package dev.tessera.cube.model;

import java.util.List;

public record Dimension(String name, String title, List<Hierarchy> hierarchies) {
}
