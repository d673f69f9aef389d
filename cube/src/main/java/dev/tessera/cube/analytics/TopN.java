package dev.tessera.cube.analytics;

import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;

/**
 * A checked {@code top}: the first {@code n} cells by {@code by} ({@code descending}: largest first), overall or per
 * member of {@code within} (null: overall). Ties at the cut-off are broken by the query's levels in ascending order,
 * so exactly {@code n} cells are kept per group and the same ones on every engine. With {@code others}, one more row per
 * group sums the cells that were cut.
 */
public record TopN(int n, Measure by, boolean descending, Level within, boolean others) {

    String canonical() {
        return "top(" + n + "," + by.name() + "," + (descending ? "desc" : "asc") + ","
                + (within == null ? "" : within.ref()) + "," + others + ")";
    }
}
