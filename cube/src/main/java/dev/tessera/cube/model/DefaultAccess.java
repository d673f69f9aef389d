package dev.tessera.cube.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a user none of whose roles mentions the cube may see: {@code all} rows, or {@code none} (fail closed). */
public enum DefaultAccess {
    ALL, NONE;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static DefaultAccess fromJson(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "all" -> ALL;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("defaultAccess must be all or none, not '" + text + "'");
        };
    }
}
