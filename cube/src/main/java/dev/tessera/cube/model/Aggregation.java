package dev.tessera.cube.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How a measure aggregates facts. */
public enum Aggregation {
    SUM("sum"), COUNT("count"), AVG("avg"), MIN("min"), MAX("max"), COUNT_DISTINCT("countDistinct");

    private final String jsonName;

    Aggregation(String jsonName) {
        this.jsonName = jsonName;
    }

    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    @JsonCreator
    public static Aggregation fromJson(String text) {
        for (Aggregation a : values()) {
            if (a.jsonName.equalsIgnoreCase(text.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown aggregation '" + text + "'; aggregations are: "
                + Arrays.stream(values()).map(Aggregation::jsonName).collect(Collectors.joining(", ")));
    }
}
