package dev.tessera.cube.sql;

import dev.tessera.cube.model.DataType;
import dev.tessera.cube.query.Values;
import java.util.List;
import java.util.Locale;

/**
 * What differs between SQL engines, kept to what the planner needs. The defaults are ANSI and hold for
 * DuckDB, PostgreSQL and Trino unless a dialect says otherwise.
 */
public interface SqlDialect {

    /** A delimited identifier; the name comes from the cube model, never from a request. */
    default String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    default String qualified(String table, String column) {
        return quoteIdentifier(table) + "." + quoteIdentifier(column);
    }

    /**
     * The model's type for a type name the engine reports (in {@code information_schema}, in result metadata); a
     * type the model has no match for is read as text.
     */
    default DataType modelType(String engineType) {
        String t = engineType.toUpperCase(Locale.ROOT);
        if (t.startsWith("DECIMAL") || t.startsWith("NUMERIC")) {
            return DataType.DECIMAL;
        }
        if (t.startsWith("TIMESTAMP")) {
            return DataType.TIMESTAMP;
        }
        return switch (t) {
            case "TINYINT", "SMALLINT", "INTEGER", "INT", "BIGINT" -> DataType.INT;
            case "REAL", "FLOAT", "DOUBLE", "DOUBLE PRECISION" -> DataType.DOUBLE;
            case "BOOLEAN" -> DataType.BOOLEAN;
            case "DATE" -> DataType.DATE;
            default -> DataType.STRING;
        };
    }

    /** The SQL type a value of this type is cast to. */
    default String typeName(DataType type) {
        return switch (type) {
            case STRING -> "VARCHAR";
            case INT -> "BIGINT";
            case DOUBLE -> "DOUBLE PRECISION";
            case DECIMAL -> "DECIMAL(" + (Values.DECIMAL_INTEGER_DIGITS + Values.DECIMAL_FRACTION_DIGITS) + ", "
                    + Values.DECIMAL_FRACTION_DIGITS + ")";
            case BOOLEAN -> "BOOLEAN";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
        };
    }

    default String cast(String expression, DataType type) {
        return "CAST(" + expression + " AS " + typeName(type) + ")";
    }

    /**
     * The placeholder for one bound value; dates and timestamps are bound as text and cast. Decimals are cast to the
     * one decimal type every request value fits ({@link Values}): left untyped, DuckDB gives the placeholder the
     * other side's type, or the other side the value's, and a value past either type's range fails in the engine.
     */
    default String placeholder(DataType type) {
        return type == DataType.DATE || type == DataType.TIMESTAMP || type == DataType.DECIMAL ? cast("?", type) : "?";
    }

    /** GROUP BY for the given grouping sets (each a list of indexes into {@code expressions}). */
    default String groupBy(List<String> expressions, List<List<Integer>> sets) {
        if (sets.size() == 1 && sets.get(0).size() == expressions.size()) {
            return "GROUP BY " + String.join(", ", expressions);
        }
        StringBuilder sb = new StringBuilder("GROUP BY GROUPING SETS (");
        for (int i = 0; i < sets.size(); i++) {
            sb.append(i == 0 ? "(" : ", (");
            List<Integer> set = sets.get(i);
            for (int j = 0; j < set.size(); j++) {
                sb.append(j == 0 ? "" : ", ").append(expressions.get(set.get(j)));
            }
            sb.append(')');
        }
        return sb.append(')').toString();
    }

    /**
     * Whether GROUPING() takes column names only, not expressions (Trino): the planner then computes the levels in a
     * lateral row and groups by its columns.
     */
    default boolean groupingTakesColumnsOnly() {
        return false;
    }

    /** ANSI GROUPING(a, b, ...): bit set where a column is rolled up, first argument most significant. */
    default String grouping(List<String> expressions) {
        return "GROUPING(" + String.join(", ", expressions) + ")";
    }

    default String orderItem(String expression, boolean descending) {
        return expression + (descending ? " DESC" : " ASC") + " NULLS LAST";
    }

    /** Appended last; binds limit then offset (a dialect whose clause order differs overrides both). */
    default String limitOffset() {
        return "LIMIT ? OFFSET ?";
    }

    default boolean offsetBeforeLimit() {
        return false;
    }

    /** The escape character used with LIKE; request text is escaped with it and bound, never spliced. */
    default char likeEscape() {
        return '!';
    }

    /** {@code expression LIKE placeholder ESCAPE '!'}. */
    default String like(String expression, String placeholder) {
        return expression + " LIKE " + placeholder + " ESCAPE '" + likeEscape() + "'";
    }

    default String lower(String expression) {
        return "LOWER(" + expression + ")";
    }

    /** Floating division that gives NULL, not an error, on a zero divisor. */
    default String divide(String dividend, String divisor) {
        return "(" + cast(dividend, DataType.DOUBLE) + " / NULLIF(" + divisor + ", 0))";
    }

    default String countDistinct(String expression) {
        return "COUNT(DISTINCT " + expression + ")";
    }

    default String falsePredicate() {
        return "1 = 0";
    }

    /**
     * A timestamp stored as UTC, as the wall-clock time in {@code zone} (a tz database name, checked before it gets
     * here). PostgreSQL's and DuckDB's {@code timezone()}: the inner call reads the value as UTC, the outer one shows it
     * in the zone.
     */
    default String fromUtc(String timestamp, String zone) {
        return "timezone('" + zone + "', timezone('UTC', " + timestamp + "))";
    }

    /** The row count before LIMIT, as a window over the grouped rows. */
    default String totalRowsWindow() {
        return "COUNT(*) OVER ()";
    }
}
