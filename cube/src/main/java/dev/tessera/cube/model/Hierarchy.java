package dev.tessera.cube.model;

import java.util.List;

public record Hierarchy(String name, String title, List<Level> levels) {
}
