package dev.tessera.cube.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tessera.cube.model.DataType;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

/** Turns request JSON values into typed Java values for a level or measure type. */
public final class Values {
    private Values() {
    }

    /**
     * @return the typed value, or null for JSON null
     * @throws IllegalArgumentException saying what was expected, e.g. "expected a date like 2024-01-31"
     */
    public static Object convert(DataType type, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        switch (type) {
            case STRING -> {
                if (node.isTextual()) {
                    return node.textValue();
                }
                throw new IllegalArgumentException("expected a string, got " + describe(node));
            }
            case INT -> {
                if (node.isIntegralNumber() && node.canConvertToLong()) {
                    return node.longValue();
                }
                throw new IllegalArgumentException("expected an integer, got " + describe(node));
            }
            case DOUBLE -> {
                if (node.isNumber()) {
                    return node.doubleValue();
                }
                throw new IllegalArgumentException("expected a number, got " + describe(node));
            }
            case DECIMAL -> {
                if (node.isNumber()) {
                    return node.decimalValue();
                }
                throw new IllegalArgumentException("expected a number, got " + describe(node));
            }
            case BOOLEAN -> {
                if (node.isBoolean()) {
                    return node.booleanValue();
                }
                throw new IllegalArgumentException("expected true or false, got " + describe(node));
            }
            case DATE -> {
                try {
                    if (node.isTextual()) {
                        return LocalDate.parse(node.textValue());
                    }
                } catch (DateTimeParseException e) {
                    // falls through to the message below
                }
                throw new IllegalArgumentException("expected a date like \"2024-01-31\", got " + describe(node));
            }
            case TIMESTAMP -> {
                try {
                    if (node.isTextual()) {
                        String t = node.textValue();
                        return t.length() == 10 ? LocalDate.parse(t).atStartOfDay() : LocalDateTime.parse(t);
                    }
                } catch (DateTimeParseException e) {
                    // falls through to the message below
                }
                throw new IllegalArgumentException("expected a timestamp like \"2024-01-31T13:45:00\", got "
                        + describe(node));
            }
            default -> throw new IllegalStateException("unhandled type " + type);
        }
    }

    private static String describe(JsonNode node) {
        String text = node.toString();
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + shown;
    }
}
