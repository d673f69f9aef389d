package dev.tessera.cube.aggregate;

import java.time.Instant;
import java.util.List;

/** One build of one aggregate: the data version it was built from, its rows and columns, when and how long it took. */
public record BuildStats(String cube, String aggregate, String table, List<String> levels, List<String> measures,
                         long dataVersion, long rows, int columns, Instant builtAt, long buildMs) {
}
