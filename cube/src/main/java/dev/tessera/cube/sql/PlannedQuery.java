package dev.tessera.cube.sql;

import dev.tessera.cube.query.ColumnDescriptor;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One statement for one request. {@code columns} describes what the client sees; when {@code totalColumn}
 * is set, one more column follows them: the number of rows before LIMIT (how the CSV export knows it
 * would pass its cap before writing a byte). {@code fetch} is how many rows the statement asks for.
 */
public record PlannedQuery(String sql, List<SqlParam> params, List<ColumnDescriptor> columns, int limit, int offset,
                           boolean totalColumn) implements BoundSql {

    /** The values redacted: their types stand in for them, e.g. {@code [string, string, int]}. */
    public List<String> redactedParams() {
        return params.stream().map(p -> "<" + p.type().jsonName() + ">").collect(Collectors.toList());
    }
}
