package dev.tessera.cube.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.cube.restrict.EffectiveRestriction;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Restrictions that allow the same rows key alike, whatever order they were written in; others never do. */
class CanonicalTest {

    private static EffectiveRestriction restricted(Object... hierarchyLevelValues) {
        Map<String, Map<String, List<Object>>> hierarchies = new LinkedHashMap<>();
        for (int i = 0; i < hierarchyLevelValues.length; i += 3) {
            hierarchies.computeIfAbsent((String) hierarchyLevelValues[i], h -> new LinkedHashMap<>())
                    .put((String) hierarchyLevelValues[i + 1], Arrays.asList((Object[]) hierarchyLevelValues[i + 2]));
        }
        return new EffectiveRestriction.Restricted(hierarchies);
    }

    @Test
    void theOrderOfHierarchiesLevelsAndValuesDoesNotMatter() {
        EffectiveRestriction one = restricted("geo", "geo.country", new Object[] {"France", "Germany"},
                "product", "product.category", new Object[] {"Toys"});
        EffectiveRestriction same = restricted("product", "product.category", new Object[] {"Toys"},
                "geo", "geo.country", new Object[] {"Germany", "France"});
        assertThat(Canonical.restriction(one)).isEqualTo(Canonical.restriction(same));
    }

    @Test
    void differentRestrictionsDiffer() {
        String france = Canonical.restriction(restricted("geo", "geo.country", new Object[] {"France"}));
        assertThat(france)
                .isNotEqualTo(Canonical.restriction(restricted("geo", "geo.country", new Object[] {"Germany"})))
                .isNotEqualTo(Canonical.restriction(restricted("geo", "geo.city", new Object[] {"France"})))
                .isNotEqualTo(Canonical.restriction(restricted("geo", "geo.country", new Object[] {"France", "Spain"})))
                .isNotEqualTo(Canonical.restriction(EffectiveRestriction.ALL))
                .isNotEqualTo(Canonical.restriction(EffectiveRestriction.NONE));
        assertThat(Canonical.restriction(restricted("size", "size.quantity", new Object[] {1L})))
                .as("a number and its text").isNotEqualTo(Canonical.restriction(
                        restricted("size", "size.quantity", new Object[] {"1"})));
        assertThat(Canonical.restriction(restricted("geo", "geo.country", new Object[] {"A,B"})))
                .as("a separator inside a value").isNotEqualTo(Canonical.restriction(
                        restricted("geo", "geo.country", new Object[] {"A", "B"})));
    }

    @Test
    void anEntityTagNamesNeitherTheRestrictionNorTheQuery() {
        String restriction = Canonical.restriction(restricted("geo", "geo.country", new Object[] {"France"}));
        CacheKey key = new CacheKey("default", 42, "sales", "query:levels=geo.country", restriction);
        String tag = key.entityTag("json");
        assertThat(tag).matches("\"[A-Za-z0-9_-]{43}\"").doesNotContain("France");
        assertThat(tag).isNotEqualTo(key.entityTag("csv"))
                .isNotEqualTo(new CacheKey("default", 43, "sales", "query:levels=geo.country", restriction).entityTag("json"));
    }
}
