package dev.tessera.cube.time;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.tessera.cube.query.CubeQuery;

/**
 * A query's {@code time}: the {@code date} or {@code timestamp} level it speaks of, shown at {@code granularity}
 * ({@code day week month quarter year}) with weeks starting on {@code weekStart}, within {@code dateRange} (text
 * such as {@code "last 12 months"}, or {@code {"from": "2024-01-01", "to": "2024-03-31"}}, both days included)
 * resolved against {@code now} (an ISO instant; the server's clock when left out) in {@code timeZone}; {@code fill}
 * adds the periods of the range that have no rows. Every key but {@code level} is optional; the README's "Time
 * intelligence" shows each.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record TimeQuery(String level, String granularity, String weekStart, JsonNode dateRange, String timeZone,
                        String now, Boolean fill) {

    public boolean filled() {
        return Boolean.TRUE.equals(fill);
    }

    // Jackson calls it for each unknown key, and throwing is its job: it is never called from code.
    @SuppressWarnings("DoNotCallSuggester")
    @JsonAnySetter
    void unknown(String name, Object value) throws UnrecognizedPropertyException {
        throw CubeQuery.unrecognized(TimeQuery.class, name);
    }
}
