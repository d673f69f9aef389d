package dev.tessera.cube.model;

import java.util.Map;

/** A resolved star join: fact column to dimension-table column, in config order. */
public record Join(String table, Map<String, String> on) {
}
