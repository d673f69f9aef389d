package dev.tessera.cube.query;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A cube query as the client posts it (DESIGN.md "Cube query"). {@code filters} and {@code having} stay raw
 * JSON so that {@link QueryValidator} can point at the exact bad node; Jackson only rejects what is not
 * JSON of this shape at all (the server's 400).
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record CubeQuery(
        List<String> measures,
        List<String> levels,
        JsonNode filters,
        JsonNode having,
        Totals totals,
        List<OrderItem> order,
        Integer limit,
        Integer offset,
        Long timeoutMs) {

    public CubeQuery {
        measures = measures == null ? List.of() : measures;
        levels = levels == null ? List.of() : levels;
        order = order == null ? List.of() : order;
        totals = totals == null ? Totals.NONE : totals;
    }

    /** {@code {"grand": true, "subtotals": ["geo.country"]}}. */
    public record Totals(boolean grand, List<String> subtotals) {
        public static final Totals NONE = new Totals(false, List.of());

        public Totals {
            subtotals = subtotals == null ? List.of() : subtotals;
        }
    }

    /** {@code {"by": "revenue", "dir": "desc"}}; {@code by} names a requested level or measure. */
    public record OrderItem(String by, String dir) {
    }
}
