package dev.tessera.cube.sql;

import dev.tessera.cube.model.DataType;
import java.util.Locale;

/** DuckDB: ANSI throughout; DOUBLE is spelt as such, and it has integer types of its own (HUGEINT, unsigned). */
public final class DuckDbDialect implements SqlDialect {
    public static final DuckDbDialect INSTANCE = new DuckDbDialect();

    @Override
    public DataType modelType(String engineType) {
        return switch (engineType.toUpperCase(Locale.ROOT)) {
            case "HUGEINT", "UHUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "LONG" -> DataType.INT;
            case "DATETIME" -> DataType.TIMESTAMP;
            default -> SqlDialect.super.modelType(engineType);
        };
    }

    @Override
    public String typeName(DataType type) {
        return type == DataType.DOUBLE ? "DOUBLE" : SqlDialect.super.typeName(type);
    }
}
