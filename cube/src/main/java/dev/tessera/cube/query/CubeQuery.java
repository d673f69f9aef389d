package dev.tessera.cube.query;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.tessera.cube.time.TimeQuery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A cube query as the client posts it to {@code POST /api/v1/cubes/{cube}/query}: the measures and
 * {@code hierarchy.level}s to group by, {@code filters} (a condition tree over levels), {@code having} (conditions
 * over measures), {@code totals}, {@code order}, {@code limit}, {@code offset}, {@code timeoutMs} and {@code time}
 * (granularity, date range and time zone of a date level, {@link TimeQuery}); the README's
 * "Querying cubes" shows one. {@code filters} and {@code having} stay raw JSON, numbers exact
 * ({@link ExactNumbers}), so that {@link QueryValidator} can point at the exact bad node; Jackson only rejects what
 * is not JSON of this shape at all (the server's 400). An unknown key is refused even by a mapper that ignores unknown
 * properties (Dropwizard's does): a typo such as {@code "filter"} or {@code "direction"} would otherwise be dropped
 * and the query answered without it.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record CubeQuery(
        List<String> measures,
        List<String> levels,
        @JsonDeserialize(using = ExactNumbers.class) JsonNode filters,
        @JsonDeserialize(using = ExactNumbers.class) JsonNode having,
        Totals totals,
        List<OrderItem> order,
        Integer limit,
        Integer offset,
        Long timeoutMs,
        TimeQuery time) {

    public CubeQuery {
        measures = measures == null ? List.of() : measures;
        levels = levels == null ? List.of() : levels;
        order = order == null ? List.of() : order;
        totals = totals == null ? Totals.NONE : totals;
    }

    // Jackson calls it for each unknown key, and throwing is its job: it is never called from code.
    @SuppressWarnings("DoNotCallSuggester")
    @JsonAnySetter
    void unknown(String name, Object value) throws UnrecognizedPropertyException {
        throw unrecognized(CubeQuery.class, name);
    }

    /** The query without {@code time}, as every query was before it existed. */
    public CubeQuery(List<String> measures, List<String> levels, JsonNode filters, JsonNode having, Totals totals,
                     List<OrderItem> order, Integer limit, Integer offset, Long timeoutMs) {
        this(measures, levels, filters, having, totals, order, limit, offset, timeoutMs, null);
    }

    /** Jackson's exception for an unknown key of {@code type}, naming the keys there are. */
    public static UnrecognizedPropertyException unrecognized(Class<? extends Record> type, String name) {
        Collection<Object> known = new ArrayList<>(Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).toList());
        return new UnrecognizedPropertyException(null, "Unknown field '" + name + "'; fields are: " + known, null, type,
                name, known);
    }

    /** {@code {"grand": true, "subtotals": ["geo.country"]}}. */
    public record Totals(boolean grand, List<String> subtotals) {
        public static final Totals NONE = new Totals(false, List.of());

        public Totals {
            subtotals = subtotals == null ? List.of() : subtotals;
        }

        // Jackson calls it for each unknown key, and throwing is its job: it is never called from code.
        @SuppressWarnings("DoNotCallSuggester")
        @JsonAnySetter
        void unknown(String name, Object value) throws UnrecognizedPropertyException {
            throw unrecognized(Totals.class, name);
        }
    }

    /** {@code {"by": "revenue", "dir": "desc"}}; {@code by} names a requested level or measure. */
    public record OrderItem(String by, String dir) {
        // Jackson calls it for each unknown key, and throwing is its job: it is never called from code.
        @SuppressWarnings("DoNotCallSuggester")
        @JsonAnySetter
        void unknown(String name, Object value) throws UnrecognizedPropertyException {
            throw unrecognized(OrderItem.class, name);
        }
    }
}
