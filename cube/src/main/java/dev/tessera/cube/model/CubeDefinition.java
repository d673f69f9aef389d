package dev.tessera.cube.model;

import dev.tessera.cube.aggregate.AggregateDefinition;
import jakarta.validation.Valid;
import java.util.List;

/**
 * One entry of {@code cubes:} in config.yml: a fact table, its star joins, dimensions and measures.
 * Expressions are trusted admin text; nothing from a request is ever joined into them. {@code engine} names the
 * entry of {@code engines:} it runs on; left out, the only engine (or the one named {@code default}).
 * {@code aggregates} are pre-aggregated tables queries are answered from when they cover them.
 */
public record CubeDefinition(
        String name,
        String title,
        String description,
        String fact,
        @Valid List<JoinDefinition> joins,
        @Valid List<DimensionDefinition> dimensions,
        @Valid List<MeasureDefinition> measures,
        DefaultAccess defaultAccess,
        String engine,
        String timeZone,
        String weekStart,
        @Valid List<AggregateDefinition> aggregates) {

    public CubeDefinition {
        joins = joins == null ? List.of() : List.copyOf(joins);
        dimensions = dimensions == null ? List.of() : List.copyOf(dimensions);
        measures = measures == null ? List.of() : List.copyOf(measures);
        defaultAccess = defaultAccess == null ? DefaultAccess.ALL : defaultAccess;
        aggregates = aggregates == null ? List.of() : List.copyOf(aggregates);
    }
}
