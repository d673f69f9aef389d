package dev.tessera.cube.model;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The tables the engine holds and their columns with types, as the model validator checks them. */
public record TableCatalog(Map<String, Map<String, DataType>> tables) {

    /** The table's spelling in the engine, matched without regard to case as SQL engines do. */
    public Optional<String> table(String name) {
        if (tables.containsKey(name)) {
            return Optional.of(name);
        }
        return tables.keySet().stream().filter(t -> t.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    public Optional<String> column(String table, String column) {
        Map<String, DataType> cols = tables.get(table);
        if (cols == null) {
            return Optional.empty();
        }
        if (cols.containsKey(column)) {
            return Optional.of(column);
        }
        return cols.keySet().stream().filter(c -> c.equalsIgnoreCase(column)).findFirst();
    }

    public DataType type(String table, String column) {
        return tables.get(table).get(column);
    }
}
