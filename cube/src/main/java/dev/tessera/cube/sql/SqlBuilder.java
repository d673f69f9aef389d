package dev.tessera.cube.sql;

import dev.tessera.cube.model.DataType;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;

/** One statement's text and its bound values, in placeholder order. */
public final class SqlBuilder {
    private final SqlDialect dialect;
    private final StringBuilder sql = new StringBuilder();
    private final List<SqlParam> params = new ArrayList<>();

    SqlBuilder(SqlDialect dialect) {
        this.dialect = dialect;
    }

    public SqlBuilder append(String text) {
        sql.append(text);
        return this;
    }

    public SqlBuilder append(char c) {
        sql.append(c);
        return this;
    }

    /** A placeholder typed for the dialect, and its value. */
    public void param(Object value, DataType type) {
        sql.append(dialect.placeholder(type));
        addParam(value, type);
    }

    /** A value whose placeholder the caller already wrote. */
    public void addParam(Object value, DataType type) {
        params.add(new SqlParam(value instanceof Temporal ? value.toString() : value, type));
    }

    public String sql() {
        return sql.toString();
    }

    public List<SqlParam> params() {
        return List.copyOf(params);
    }
}
