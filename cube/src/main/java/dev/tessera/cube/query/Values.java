package dev.tessera.cube.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tessera.cube.model.DataType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

/** Turns request JSON values into typed Java values for a level or measure type. */
public final class Values {
    /** A decimal value has at most this many digits before the point and {@link #DECIMAL_FRACTION_DIGITS} after. */
    public static final int DECIMAL_INTEGER_DIGITS = 28;
    public static final int DECIMAL_FRACTION_DIGITS = 10;

    private Values() {
    }

    /**
     * Converts a JSON value to the Java value of a level's or measure's type.
     *
     * @return the typed value, or null for JSON null
     * @throws IllegalArgumentException saying what was expected, e.g. "expected a date like 2024-01-31"
     */
    public static Object convert(DataType type, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return switch (type) {
            case STRING -> text(node);
            case INT -> integer(node);
            case DOUBLE -> floating(node);
            case DECIMAL -> {
                if (!node.isNumber()) {
                    throw new IllegalArgumentException("expected a number, got " + describe(node));
                }
                yield decimal(node);
            }
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw new IllegalArgumentException("expected true or false, got " + describe(node));
                }
                yield node.booleanValue();
            }
            case DATE -> date(node);
            case TIMESTAMP -> timestamp(node);
        };
    }

    private static String text(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        throw new IllegalArgumentException("expected a string, got " + describe(node));
    }

    private static double floating(JsonNode node) {
        if (node.isNumber() && Double.isFinite(node.doubleValue())) {
            return node.doubleValue();
        }
        throw new IllegalArgumentException("expected a number between -1.7E308 and 1.7E308, got " + describe(node));
    }

    private static LocalDate date(JsonNode node) {
        try {
            if (node.isTextual()) {
                return LocalDate.parse(node.textValue());
            }
        } catch (DateTimeParseException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("expected a date like \"2024-01-31\", got " + describe(node));
    }

    private static LocalDateTime timestamp(JsonNode node) {
        try {
            if (node.isTextual()) {
                String t = node.textValue();
                return t.length() == 10 ? LocalDate.parse(t).atStartOfDay() : LocalDateTime.parse(t);
            }
        } catch (DateTimeParseException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("expected a timestamp like \"2024-01-31T13:45:00\", got " + describe(node));
    }

    /** A whole number that fits 64 bits, however the JSON spells it: 1000, 1E+3 and 1000.0 alike. */
    private static long integer(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber() && Double.isFinite(node.doubleValue())) {
            try {
                return node.decimalValue().longValueExact();
            } catch (ArithmeticException e) {
                // a fraction, or past 64 bits: the message below
            }
        }
        throw new IllegalArgumentException("expected an integer between " + Long.MIN_VALUE + " and "
                + Long.MAX_VALUE + ", got " + describe(node));
    }

    /**
     * An exact decimal within SQL's DECIMAL(38, 10), the type the engine compares request decimals in: at most 28
     * digits before the point and 10 after. Rounding a value with more would change what {@code gte} or {@code eq}
     * match, so it is refused. {@code 1E+18} arrives with a negative scale, which DuckDB's driver refuses; it is
     * written out in full.
     */
    private static BigDecimal decimal(JsonNode node) {
        if (!node.isBigDecimal() && !node.isIntegralNumber() && !Double.isFinite(node.doubleValue())) {
            throw new IllegalArgumentException(decimalRange(node));
        }
        BigDecimal value = node.decimalValue().stripTrailingZeros();
        // Checked before setScale, which would write out 1E+999999999 digit by digit.
        if (value.scale() > DECIMAL_FRACTION_DIGITS || value.precision() - value.scale() > DECIMAL_INTEGER_DIGITS) {
            throw new IllegalArgumentException(decimalRange(node));
        }
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    private static String decimalRange(JsonNode node) {
        return "expected a number with at most " + DECIMAL_INTEGER_DIGITS + " digits before the point and "
                + DECIMAL_FRACTION_DIGITS + " after, got " + describe(node);
    }

    private static String describe(JsonNode node) {
        String text = node.toString();
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + shown;
    }
}
