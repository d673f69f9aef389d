package dev.tessera.cube.aggregate;

import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One entry of a cube's {@code aggregates:}: the cube's facts pre-aggregated by {@code levels}, keeping what the
 * {@code measures} need (sums, counts, minima, maxima; an average as its sum and count). {@code refresh} is how often
 * an aggregate of a cube on a remote engine (Trino) is copied again; on the embedded engine an aggregate is rebuilt
 * with every reload of the data and takes no {@code refresh}.
 */
public record AggregateDefinition(
        String name,
        List<String> levels,
        List<String> measures,
        @MinDuration(value = 1, unit = TimeUnit.SECONDS) Duration refresh) {

    public AggregateDefinition {
        levels = levels == null ? List.of() : List.copyOf(levels);
        measures = measures == null ? List.of() : List.copyOf(measures);
    }
}
