package dev.tessera.cube.sql;

import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;

/**
 * A table a query may read in place of the cube's facts and joins (a pre-aggregated one): what the planner reads
 * FROM, where each level is, and how each aggregated measure is computed from it. Formulas, conditions, grouping
 * sets, order and paging are planned over these exactly as over the facts.
 */
public interface FactSource {

    /** The table, unquoted. */
    String table();

    /** The SQL of a level's value in a row of the table. */
    String level(Level level);

    /** The SQL computing an aggregated (not formula) measure over the table's rows. */
    String measure(Measure measure);
}
