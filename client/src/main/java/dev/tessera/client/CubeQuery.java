package dev.tessera.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The query a cube answers, as {@code POST /api/v1/cubes/{cube}/query} takes it. {@code filters} and
 * {@code having} are the server's JSON shapes (see the README), passed as trees.
 *
 * @param totals {@code {"grand": true, "subtotals": ["geo.continent"]}}, or null for detail rows only
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CubeQuery(List<String> measures, List<String> levels, @Nullable JsonNode filters, @Nullable JsonNode having,
                        @Nullable JsonNode totals, @Nullable JsonNode order, @Nullable Integer limit,
                        @Nullable Integer offset) {

    public CubeQuery {
        measures = List.copyOf(measures);
        levels = List.copyOf(levels);
    }

    /** These measures by these levels, nothing else. */
    public static CubeQuery of(List<String> measures, List<String> levels) {
        return new CubeQuery(measures, levels, null, null, null, null, null, null);
    }

    public CubeQuery withFilters(JsonNode newFilters) {
        return new CubeQuery(measures, levels, newFilters, having, totals, order, limit, offset);
    }

    public CubeQuery withTotals(JsonNode newTotals) {
        return new CubeQuery(measures, levels, filters, having, newTotals, order, limit, offset);
    }

    public CubeQuery withOrder(JsonNode newOrder) {
        return new CubeQuery(measures, levels, filters, having, totals, newOrder, limit, offset);
    }

    public CubeQuery withLimit(int newLimit) {
        return new CubeQuery(measures, levels, filters, having, totals, order, newLimit, offset);
    }
}
