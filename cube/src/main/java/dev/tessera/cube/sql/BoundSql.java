package dev.tessera.cube.sql;

import java.util.List;

/** SQL text with {@code ?} placeholders and the values to bind, in order. */
public interface BoundSql {
    String sql();

    List<SqlParam> params();

    static BoundSql of(String sql, List<SqlParam> params) {
        return new BoundSql() {
            @Override
            public String sql() {
                return sql;
            }

            @Override
            public List<SqlParam> params() {
                return params;
            }
        };
    }
}
