package dev.tessera.cube;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tessera.cube.model.Cube;
import dev.tessera.cube.model.DataType;
import java.util.List;

/**
 * {@code GET /api/v1/cubes/{cube}}: dimensions, hierarchies, levels and measures. A level's {@code ref}
 * ({@code geo.country}) is what queries name; a formula measure shows {@code aggregation: "formula"}.
 */
public record CubeMetadata(String name, String title, String description, List<DimensionInfo> dimensions,
                           List<MeasureInfo> measures) {

    static CubeMetadata of(Cube c) {
        List<DimensionInfo> dims = c.dimensions().stream().map(d -> new DimensionInfo(d.name(), d.title(),
                d.hierarchies().stream().map(h -> new HierarchyInfo(h.name(), h.title(), h.levels().stream()
                        .map(l -> new LevelInfo(l.name(), l.ref(), l.title(), l.type())).toList())).toList())).toList();
        List<MeasureInfo> measures = c.measures().values().stream().map(m -> new MeasureInfo(m.name(), m.title(),
                m.type(), m.isFormula() ? "formula" : m.aggregation().jsonName(), m.formulaText(), m.format())).toList();
        return new CubeMetadata(c.name(), c.title(), c.description(), dims, measures);
    }

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
