package dev.tessera.cube.restrict;

import dev.tessera.cube.model.Cube;
import dev.tessera.cube.model.Level;
import dev.tessera.cube.query.Condition;
import dev.tessera.cube.query.FilterOp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows one user may see in one cube: all of them, none, or those matching
 * AND over hierarchies of (OR over that hierarchy's levels of {@code level IN values}).
 * The planner applies it as a WHERE predicate before aggregation.
 */
public sealed interface EffectiveRestriction {

    EffectiveRestriction ALL = new All();
    EffectiveRestriction NONE = new None();

    /** The predicate to AND into WHERE, or null for ALL. */
    Condition condition(Cube cube);

    record All() implements EffectiveRestriction {
        @Override
        public Condition condition(Cube cube) {
            return null;
        }
    }

    record None() implements EffectiveRestriction {
        @Override
        public Condition condition(Cube cube) {
            return new Condition.False();
        }
    }

    /**
     * hierarchy name to (level ref to allowed typed values). A level ref the cube lacks matches nothing:
     * a stale restriction fails closed.
     */
    record Restricted(Map<String, Map<String, List<Object>>> hierarchies) implements EffectiveRestriction {
        public Restricted {
            Map<String, Map<String, List<Object>>> copy = new LinkedHashMap<>();
            hierarchies.forEach((h, levels) -> copy.put(h, Collections.unmodifiableMap(new LinkedHashMap<>(levels))));
            hierarchies = Collections.unmodifiableMap(copy);
        }

        @Override
        public Condition condition(Cube cube) {
            List<Condition> and = new ArrayList<>();
            for (Map<String, List<Object>> levels : hierarchies.values()) {
                List<Condition> or = new ArrayList<>();
                levels.forEach((ref, values) -> {
                    Level level = cube.levels().get(ref);
                    if (level != null && !values.isEmpty()) {
                        or.add(new Condition.LevelCondition(level, FilterOp.IN, nullable(values), false));
                    }
                });
                and.add(or.isEmpty() ? new Condition.False() : or.size() == 1 ? or.get(0) : new Condition.Or(or));
            }
            return and.size() == 1 ? and.get(0) : new Condition.And(and);
        }

        private static List<Object> nullable(List<Object> values) {
            return Collections.unmodifiableList(new ArrayList<>(values));
        }
    }
}
