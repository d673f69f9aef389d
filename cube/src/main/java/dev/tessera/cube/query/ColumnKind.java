package dev.tessera.cube.query;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum ColumnKind {
    LEVEL, MEASURE, GROUPING;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
