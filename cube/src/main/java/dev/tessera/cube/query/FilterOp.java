package dev.tessera.cube.query;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Filter operators and how many values each takes ({@code -1}: one or more). */
public enum FilterOp {
    EQ("eq", 1), NE("ne", 1), IN("in", -1), NOT_IN("notIn", -1), GT("gt", 1), GTE("gte", 1), LT("lt", 1),
    LTE("lte", 1), BETWEEN("between", 2), CONTAINS("contains", 1), STARTS_WITH("startsWith", 1),
    IS_NULL("isNull", 0), IS_NOT_NULL("isNotNull", 0);

    private final String jsonName;
    private final int arity;

    FilterOp(String jsonName, int arity) {
        this.jsonName = jsonName;
        this.arity = arity;
    }

    public String jsonName() {
        return jsonName;
    }

    public int arity() {
        return arity;
    }

    /** Ops whose values may hold {@code null} (meaning "or IS NULL", or for notIn "and IS NOT NULL"). */
    public boolean allowsNullValue() {
        return this == EQ || this == NE || this == IN || this == NOT_IN;
    }

    public static Optional<FilterOp> fromJson(String text) {
        return Arrays.stream(values()).filter(op -> op.jsonName.equals(text)).findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(FilterOp::jsonName).collect(Collectors.joining(", "));
    }
}
