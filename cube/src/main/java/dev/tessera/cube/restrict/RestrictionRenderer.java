package dev.tessera.cube.restrict;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.temporal.Temporal;
import java.util.Map;

/**
 * Renders restrictions in force the way whoami shows them: {@code {"sales": {"geo.country": ["France"]}}}.
 * Levels of one hierarchy are read as a union, different hierarchies as an intersection (the rule that
 * made them). Cubes seen whole are left out; a cube seen not at all shows {@code "none"}.
 */
public final class RestrictionRenderer {
    private RestrictionRenderer() {
    }

    public static ObjectNode render(Map<String, EffectiveRestriction> perCube) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        perCube.forEach((cube, r) -> {
            if (r instanceof EffectiveRestriction.None) {
                doc.put(cube, "none");
            } else if (r instanceof EffectiveRestriction.Restricted restricted) {
                ObjectNode levels = doc.putObject(cube);
                restricted.hierarchies().values().forEach(l -> l.forEach((ref, values) -> {
                    ArrayNode arr = levels.putArray(ref);
                    values.forEach(v -> arr.add(Grants.scalar(v instanceof Temporal ? v.toString() : v)));
                }));
            }
        });
        return doc;
    }
}
