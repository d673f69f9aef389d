package dev.tessera.cube.aggregate;

import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A compiled aggregate of one cube: the table it is kept in, its levels, the aggregated measures it stores (formulas
 * expanded to the measures they read) and every measure name it can answer, formulas included. {@code refresh} is
 * null unless the aggregate is copied from a remote engine on a schedule.
 */
public record Aggregate(String cube, String name, String table, List<Level> levels, List<Measure> stored,
                        Set<String> answers, Duration refresh) {

    /** The table an aggregate is kept in, beside the facts; no configured table can be expected to start so. */
    static String tableName(String cube, String name) {
        return "_agg_" + cube + "_" + name;
    }

    /** Where the problems of this aggregate are reported. */
    String where() {
        return "cube '" + cube + "': aggregate '" + name + "'";
    }
}
