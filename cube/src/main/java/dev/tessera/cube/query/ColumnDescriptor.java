package dev.tessera.cube.query;

import dev.tessera.cube.model.DataType;

/** An answer column: a level ref, a measure name, or {@code _grouping}. */
public record ColumnDescriptor(String name, ColumnKind kind, DataType type) {
}
