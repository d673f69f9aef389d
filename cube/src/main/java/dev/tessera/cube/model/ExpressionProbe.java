package dev.tessera.cube.model;

/**
 * Has the engine bind a level's or a measure's SQL over the cube's fact table, alone or with every joined table,
 * without reading a row. Start-up uses it so that a misspelt expression fails there rather than at the first query,
 * and so that each expression takes the engine's type for it and only the joins it really needs.
 */
public interface ExpressionProbe {

    Bound level(Cube cube, Level level, boolean withJoins);

    Bound measure(Cube cube, Measure measure, boolean withJoins);

    /** The engine's answer: the expression's type, or its reason for refusing it. */
    record Bound(DataType type, String refusal) {

        public static Bound typed(DataType type) {
            return new Bound(type, null);
        }

        public static Bound refused(String reason) {
            return new Bound(null, reason);
        }

        public boolean isRefused() {
            return refusal != null;
        }
    }
}
