package dev.tessera.cube.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A star join: {@code { table: products, on: { product_id: id } }} joins fact column {@code product_id}
 * to {@code products.id}. Joins are LEFT joins and are left out of a statement that needs none of the
 * table's columns, which assumes (as a star schema does) that the dimension key is unique.
 */
public record JoinDefinition(String table, Map<String, String> on) {
    public JoinDefinition {
        on = on == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(on));
    }
}
