package dev.tessera.server.errors;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** Java types and JSON tokens in the words of someone writing JSON: "a list", "an integer", "true or false". */
final class JsonKinds {

    private static final Set<Class<?>> INTEGERS = Set.of(int.class, Integer.class, long.class, Long.class,
            short.class, Short.class, byte.class, Byte.class, BigInteger.class);

    private JsonKinds() {}

    /** What a field of this Java type takes. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (INTEGERS.contains(type)) {
            return "an integer";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type.isEnum()) {
            return "one of the words documented for it";
        }
        if (JsonNode.class.isAssignableFrom(type)) {
            return "a JSON value";
        }
        return Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.") ? "an object" : "another kind of value";
    }

    /** The bounds of a fixed-size integer type, for a number past them. */
    static String range(Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return " from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == long.class || type == Long.class) {
            return " from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        return "";
    }

    /** What the body held where the value did not fit. */
    static String got(JsonToken token) {
        if (token == null) {
            return "another kind of value";
        }
        return switch (token) {
            case START_ARRAY, END_ARRAY -> "a list";
            case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a number with a fraction or exponent";
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            default -> "another kind of value";
        };
    }

    /** A scalar that was read but does not fit, shown short enough for a message. */
    static String value(Object value) {
        String text = String.valueOf(value);
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return value instanceof CharSequence ? "\"" + shown + "\"" : shown;
    }
}
