package dev.tessera.cube.model;

/** A column resolved to the table that holds it. */
public record ColumnRef(String table, String column) {
}
