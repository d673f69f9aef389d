package dev.tessera.cube;

import java.util.List;

/** The SQL a query becomes, restriction applied, with {@code ?} placeholders; parameters show only their types. */
public record ExplainResult(String sql, List<String> parameters) {
}
