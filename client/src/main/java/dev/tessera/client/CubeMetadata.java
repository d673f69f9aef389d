package dev.tessera.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A cube's dimensions, hierarchies, levels and measures; a level's {@code ref} is what queries name. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CubeMetadata(String name, @Nullable String title, @Nullable String description, List<Dimension> dimensions,
                           List<Measure> measures) {

    /** Every level's ref, dimension by dimension, top level first. */
    public List<String> levelRefs() {
        return dimensions.stream().flatMap(d -> d.hierarchies().stream()).flatMap(h -> h.levels().stream())
                .map(Level::ref).toList();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Dimension(String name, @Nullable String title, List<Hierarchy> hierarchies) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Hierarchy(String name, @Nullable String title, List<Level> levels) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Level(String name, String ref, @Nullable String title, String type) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Measure(String name, @Nullable String title, String type, String aggregation, @Nullable String formula,
                          @Nullable String format) {}
}
