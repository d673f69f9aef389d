package dev.tessera.cube.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tessera.cube.model.DataType;

/**
 * An answer column: a level ref, a measure name, a calculation's name, or {@code _grouping} / {@code _others}.
 * {@code note} says what a computed column is taken over when that is not plain (a share: of the total of the rows
 * the user may see); absent otherwise.
 */
public record ColumnDescriptor(String name, ColumnKind kind, DataType type,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String note) {

    public ColumnDescriptor(String name, ColumnKind kind, DataType type) {
        this(name, kind, type, null);
    }
}
