package dev.tessera.cube.aggregate;

import java.util.Map;

/**
 * Where a query is answered: {@code chosen} (null: the cube's facts) and, for each aggregate of the cube, why it was
 * chosen or why it could not be, in words for {@code explain}.
 */
public record Route(Aggregate chosen, Map<String, String> verdicts) {

    public boolean fromAggregate() {
        return chosen != null;
    }
}
