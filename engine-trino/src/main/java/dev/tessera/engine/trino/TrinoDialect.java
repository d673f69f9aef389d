package dev.tessera.engine.trino;

import dev.tessera.cube.model.DataType;
import dev.tessera.cube.sql.SqlDialect;

/**
 * Trino's SQL where it differs from the ANSI defaults: {@code OFFSET} comes before {@code LIMIT}, {@code DOUBLE} is
 * spelt so, and {@code GROUPING()} takes column names only (with totals the levels become columns of a lateral
 * row). The rest holds as the defaults write it, and is stated here so nobody "optimises" it:
 * {@code GROUPING(a, b)} numbers as ANSI does (bit set where a column is rolled up, the first argument most
 * significant; Trino returns it as an integer), LIKE takes the {@code ESCAPE} character, and a distinct count is
 * {@code COUNT(DISTINCT x)}, exact: never {@code approx_distinct}, which Trino answers faster but only roughly.
 */
public final class TrinoDialect implements SqlDialect {
    public static final TrinoDialect INSTANCE = new TrinoDialect();

    @Override
    public String typeName(DataType type) {
        return type == DataType.DOUBLE ? "DOUBLE" : SqlDialect.super.typeName(type);
    }

    /** Trino's GROUPING() takes column names only, and an alias of the SELECT list shadows a table's name in it. */
    @Override
    public boolean groupingTakesColumnsOnly() {
        return true;
    }

    /** {@code with_timezone} reads the value as UTC; {@code AT TIME ZONE} shows it in the zone; the cast drops the zone. */
    @Override
    public String fromUtc(String timestamp, String zone) {
        return "CAST(with_timezone(" + timestamp + ", 'UTC') AT TIME ZONE '" + zone + "' AS TIMESTAMP)";
    }

    @Override
    public String limitOffset() {
        return "OFFSET ? LIMIT ?";
    }

    @Override
    public boolean offsetBeforeLimit() {
        return true;
    }

    @Override
    public String countDistinct(String expression) {
        return "COUNT(DISTINCT " + expression + ")";
    }
}
