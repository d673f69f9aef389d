package dev.tessera.cube.model;

import java.util.Set;

/**
 * A compiled level. {@code ref} is what requests use ({@code hierarchy.level}). Exactly one of
 * {@code column} and {@code expression} is set. {@code joins} names the joined tables the level needs.
 */
public record Level(String ref, String hierarchy, String name, String title, DataType type, ColumnRef column,
                    String expression, Set<String> joins) {
}
