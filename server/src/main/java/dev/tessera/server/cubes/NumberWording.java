package dev.tessera.server.cubes;

import java.util.regex.Pattern;

/**
 * A JSON number past the range of a double ({@code 1e400}) reaches the cube's validator as Infinity, which it
 * reports in Java's words ("Character I is neither a decimal digit number...", or {@code got number "Infinity"}).
 * This puts those few messages in a person's words; the validator's other messages are left as they are.
 */
final class NumberWording {

    static final String TOO_LARGE = "a number too large to use (beyond about 1.8E+308)";

    // new BigDecimal("Infinity"): the JDK's message for a value that is not a decimal number.
    private static final Pattern JAVA_DECIMAL = Pattern.compile(
            "Character \\S+ is neither a decimal digit number, decimal point, nor \"e\" notation exponential mark\\.?");
    private static final Pattern INFINITY = Pattern.compile("number \"-?Infinity\"");

    private NumberWording() {}

    static String forPeople(String detail) {
        if (detail == null) {
            return null;
        }
        if (JAVA_DECIMAL.matcher(detail).matches()) {
            return "expected a number, got " + TOO_LARGE;
        }
        return INFINITY.matcher(detail).replaceAll(TOO_LARGE);
    }
}
