package dev.tessera.cube;

import java.util.List;
import java.util.Map;

/**
 * The SQL a query becomes, restriction applied, with {@code ?} placeholders; parameters show only their types.
 * {@code answeredFrom} names the table read in place of the facts (an aggregate), or is null; {@code aggregates}
 * says, for each aggregate of the cube, why it answers or why it could not.
 */
public record ExplainResult(String sql, List<String> parameters, String answeredFrom, Map<String, String> aggregates) {

    public ExplainResult(String sql, List<String> parameters) {
        this(sql, parameters, null, Map.of());
    }
}
