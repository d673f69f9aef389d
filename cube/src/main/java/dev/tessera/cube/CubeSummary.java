package dev.tessera.cube;

/** One entry of {@code GET /api/v1/cubes}. */
public record CubeSummary(String name, String title, String description) {
}
