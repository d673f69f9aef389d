package dev.tessera.cube.model;

/**
 * A level reads a {@code column} ({@code col} or {@code table.col}) or an {@code expression}, one of the two.
 * {@code type} may be left out when the engine can tell it.
 */
public record LevelDefinition(String name, String title, String column, String expression, DataType type) {
}
