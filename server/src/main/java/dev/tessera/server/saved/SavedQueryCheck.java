package dev.tessera.server.saved;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.cube.CubeService;
import dev.tessera.cube.CubeSummary;
import dev.tessera.cube.query.CubeQuery;
import dev.tessera.server.errors.Problem;
import dev.tessera.server.roles.SavedQueryStore.StoredQuery;
import java.util.List;

/**
 * Whether a stored query still fits its cube as the cube is today, and why not: the cube may have been removed or
 * changed, or the query format may have moved on, since the query was saved. Pointers are into the saved query's
 * view ({@code /cube}, {@code /query/levels/0}).
 */
final class SavedQueryCheck {

    private final CubeService cubes;
    private final ObjectMapper mapper;

    SavedQueryCheck(CubeService cubes, ObjectMapper mapper) {
        this.cubes = cubes;
        this.mapper = mapper;
    }

    List<Problem.FieldError> problems(StoredQuery stored) {
        if (!cubeExists(stored.cube())) {
            return List.of(new Problem.FieldError("/cube", "The cube '" + stored.cube()
                    + "' no longer exists; GET /api/v1/cubes lists the cubes you may query."));
        }
        CubeQuery query;
        try {
            query = mapper.readValue(stored.queryJson(), CubeQuery.class);
        } catch (JsonProcessingException e) {
            return List.of(new Problem.FieldError("/query", "The query no longer reads as a cube query: "
                    + e.getOriginalMessage()));
        }
        return problems(stored.cube(), query);
    }

    /** Problems of a query on a cube that exists, pointers under {@code /query}. */
    List<Problem.FieldError> problems(String cube, CubeQuery query) {
        return cubes.problems(cube, query).stream()
                .map(error -> new Problem.FieldError("/query" + (error.pointer() == null ? "" : error.pointer()),
                        error.detail()))
                .toList();
    }

    boolean cubeExists(String cube) {
        return cubes.listCubes().stream().map(CubeSummary::name).anyMatch(cube::equals);
    }
}
