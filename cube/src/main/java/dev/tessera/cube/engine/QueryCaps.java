package dev.tessera.cube.engine;

import dev.tessera.cube.query.QueryLimits;
import java.time.Duration;

/**
 * What a request on one engine is held to: the rows of a JSON answer ({@code maxRows}) and of a CSV export
 * ({@code csvMaxRows}), the query time (a request may ask for less, not more) and the size of the query itself.
 */
public record QueryCaps(int maxRows, int csvMaxRows, Duration queryTimeout, QueryLimits sizes) {
}
