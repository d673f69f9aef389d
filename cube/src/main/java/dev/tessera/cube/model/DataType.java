package dev.tessera.cube.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The value type of a level or measure, as config and answers spell it ({@code string}, {@code int}, ...). */
public enum DataType {
    STRING, INT, DOUBLE, DECIMAL, BOOLEAN, DATE, TIMESTAMP;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isNumeric() {
        return this == INT || this == DOUBLE || this == DECIMAL;
    }

    @JsonCreator
    public static DataType fromJson(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "integer", "long", "bigint" -> { return INT; }
            case "varchar", "text" -> { return STRING; }
            case "float", "number" -> { return DOUBLE; }
            default -> { }
        }
        for (DataType type : values()) {
            if (type.jsonName().equals(t)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown type '" + text + "'; types are: " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(DataType::jsonName).collect(Collectors.joining(", "));
    }
}
