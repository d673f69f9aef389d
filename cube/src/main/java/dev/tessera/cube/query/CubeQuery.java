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
 * over measures), {@code totals}, {@code order}, {@code limit}, {@code offset} and {@code timeoutMs}, the
 * analytics keys {@code calculations} (extra answer columns computed over the grouped cells) and {@code top}, and
 * {@code time} (granularity, date range and time zone of a date level, {@link TimeQuery}); the README's "Querying
 * cubes", "Ranking and shares" and "Time intelligence" show them. {@code filters} and {@code having} stay raw JSON, numbers exact
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
        List<CalculationItem> calculations,
        Top top,
        TimeQuery time) {

    public CubeQuery {
        measures = measures == null ? List.of() : measures;
        levels = levels == null ? List.of() : levels;
        order = order == null ? List.of() : order;
        totals = totals == null ? Totals.NONE : totals;
        calculations = calculations == null ? List.of() : calculations;
    }

    // Jackson calls it for each unknown key, and throwing is its job: it is never called from code.
    @SuppressWarnings("DoNotCallSuggester")
    @JsonAnySetter
    void unknown(String name, Object value) throws UnrecognizedPropertyException {
        throw unrecognized(CubeQuery.class, name);
    }

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

    /**
     * One entry of {@code calculations}: {@code name} and {@code type} always, the other keys as the type takes them
     * ({@code dev.tessera.cube.analytics.CalculationReader} checks which, and answers 422 for a key the type does not
     * take). One flat shape rather than one per type, so that a wrong or missing {@code type} is a 422 pointing at it,
     * not a body Jackson cannot read.
     *
     * @param type        {@code rank}, {@code share}, {@code previousPeriod}, {@code samePeriodLastYear}, {@code running}
     *                    or {@code rolling}
     * @param dir         rank: {@code desc} (default, 1 = largest) or {@code asc}
     * @param within      rank: a requested level to rank within (one ranking per member)
     * @param of          share: {@code grandTotal} (default), {@code parent} or a requested level
     * @param show        period comparisons: {@code value}, {@code difference} or {@code ratio}
     * @param along       running and rolling: the time level to run along
     * @param reset       running: the period that restarts the total ({@code year} = year to date)
     * @param periods     rolling: the window's length in periods
     * @param aggregation rolling: how the window aggregates ({@code sum}, {@code avg}, ...)
     */
    public record CalculationItem(String name, String type, String measure, String dir, String within, String of,
                                  String show, String along, String reset, Integer periods, String aggregation) {
        // Jackson calls it for each unknown key, and throwing is its job: it is never called from code.
        @SuppressWarnings("DoNotCallSuggester")
        @JsonAnySetter
        void unknown(String name, Object value) throws UnrecognizedPropertyException {
            throw unrecognized(CalculationItem.class, name);
        }
    }

    /**
     * {@code {"n": 5, "by": "revenue", "dir": "desc", "within": "geo.country", "others": true}}: the first {@code n}
     * cells by a requested measure, overall or per member of {@code within}, and optionally one remainder row per group.
     */
    public record Top(Integer n, String by, String dir, String within, Boolean others) {
        // Jackson calls it for each unknown key, and throwing is its job: it is never called from code.
        @SuppressWarnings("DoNotCallSuggester")
        @JsonAnySetter
        void unknown(String name, Object value) throws UnrecognizedPropertyException {
            throw unrecognized(Top.class, name);
        }
    }
}
