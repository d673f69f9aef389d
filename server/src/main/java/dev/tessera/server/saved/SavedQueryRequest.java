package dev.tessera.server.saved;

import dev.tessera.cube.query.CubeQuery;

/**
 * The body of {@code POST} and {@code PUT /api/v1/saved-queries}: a name the owner chooses, the cube, and the same
 * JSON the cube's query endpoint takes.
 */
public record SavedQueryRequest(String name, String cube, CubeQuery query) {}
