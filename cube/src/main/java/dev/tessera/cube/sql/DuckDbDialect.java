package dev.tessera.cube.sql;

import dev.tessera.cube.model.DataType;

/** DuckDB: ANSI throughout; DOUBLE is spelt as such. */
public final class DuckDbDialect implements SqlDialect {
    public static final DuckDbDialect INSTANCE = new DuckDbDialect();

    @Override
    public String typeName(DataType type) {
        return type == DataType.DOUBLE ? "DOUBLE" : SqlDialect.super.typeName(type);
    }
}
