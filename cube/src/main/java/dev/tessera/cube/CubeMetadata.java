package dev.tessera.cube;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tessera.cube.model.DataType;
import java.util.List;

/**
 * {@code GET /api/v1/cubes/{cube}}: dimensions, hierarchies, levels and measures. A level's {@code ref}
 * ({@code geo.country}) is what queries name; a formula measure shows {@code aggregation: "formula"}.
 */
public record CubeMetadata(String name, String title, String description, List<DimensionInfo> dimensions,
                           List<MeasureInfo> measures) {

    public record DimensionInfo(String name, String title, List<HierarchyInfo> hierarchies) {
    }

    public record HierarchyInfo(String name, String title, List<LevelInfo> levels) {
    }

    public record LevelInfo(String name, String ref, String title, DataType type) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MeasureInfo(String name, String title, DataType type, String aggregation, String formula,
                              String format) {
    }
}
