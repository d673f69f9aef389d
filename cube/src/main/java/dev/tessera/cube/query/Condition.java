package dev.tessera.cube.query;

import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;
import java.util.List;

/**
 * A validated filter tree. Values are typed Java values ({@code String, Long, Double, BigDecimal, Boolean,
 * LocalDate, LocalDateTime}); {@code null} among the values of eq/ne/in/notIn speaks of NULL rows.
 */
public sealed interface Condition {

    record And(List<Condition> parts) implements Condition {
    }

    record Or(List<Condition> parts) implements Condition {
    }

    record Not(Condition part) implements Condition {
    }

    /** {@code includeNulls}: rows where the level is NULL also match ({@code "nulls": "include"}). */
    record LevelCondition(Level level, FilterOp op, List<Object> values, boolean includeNulls) implements Condition {
    }

    record MeasureCondition(Measure measure, FilterOp op, List<Object> values) implements Condition {
    }

    /** Matches no row: what an empty restriction comes down to. */
    record False() implements Condition {
    }
}
