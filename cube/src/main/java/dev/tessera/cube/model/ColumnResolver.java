package dev.tessera.cube.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds the table of a {@code column} a level or measure names: {@code table.col} in that table, {@code col} in the
 * fact table if it has one, else in the one joined table that has it. Without a catalog (structure only) a bare
 * column is taken to be the fact table's. What cannot be found is reported, naming what there is.
 */
final class ColumnResolver {
    private final TableCatalog catalog;
    private final List<String> problems;

    ColumnResolver(TableCatalog catalog, List<String> problems) {
        this.catalog = catalog;
        this.problems = problems;
    }

    /**
     * Finds the table column that {@code spec} (a column or table.column) names.
     *
     * @param scope the fact table first, then the joined tables
     * @return null when the column cannot be found (reported) or its table was not loaded (reported already)
     */
    ColumnRef resolve(String where, String spec, List<String> scope) {
        int dot = spec.indexOf('.');
        return dot < 0 ? unqualified(where, spec, scope) : qualified(where, spec, spec.substring(0, dot), spec.substring(dot + 1), scope);
    }

    private ColumnRef qualified(String where, String spec, String table, String column, List<String> scope) {
        String found = scope.stream().filter(t -> t.equalsIgnoreCase(table)).findFirst().orElse(null);
        if (found == null) {
            problems.add(where + ": column '" + spec + "' names table '" + table
                    + "', which is neither the fact table nor joined; tables are: " + String.join(", ", scope));
            return null;
        }
        if (catalog == null) {
            return new ColumnRef(found, column);
        }
        Optional<String> c = catalog.column(found, column);
        if (c.isEmpty() && catalog.table(found).isPresent()) {
            problems.add(where + ": column '" + column + "' not found in " + found + "; columns are: " + columnNames(found));
        }
        return c.map(name -> new ColumnRef(found, name)).orElse(null);
    }

    private ColumnRef unqualified(String where, String column, List<String> scope) {
        String fact = scope.get(0);
        if (catalog == null) {
            return new ColumnRef(fact, column);
        }
        if (catalog.table(fact).isEmpty()) {
            return null; // already reported
        }
        Optional<String> inFact = catalog.column(fact, column);
        if (inFact.isPresent()) {
            return new ColumnRef(fact, inFact.get());
        }
        List<ColumnRef> hits = new ArrayList<>();
        for (String t : scope.subList(1, scope.size())) {
            catalog.column(t, column).ifPresent(c -> hits.add(new ColumnRef(t, c)));
        }
        if (hits.size() == 1) {
            return hits.get(0);
        }
        if (hits.isEmpty()) {
            problems.add(where + ": column '" + column + "' not found in " + String.join(", ", scope));
        } else {
            problems.add(where + ": column '" + column + "' is in several joined tables ("
                    + hits.stream().map(ColumnRef::table).collect(Collectors.joining(", ")) + "); write table.column");
        }
        return null;
    }

    String tableNames() {
        return catalog.tables().isEmpty() ? "(none)" : String.join(", ", catalog.tables().keySet());
    }

    String columnNames(String table) {
        var cols = catalog.tables().get(table);
        return cols == null ? "(table not loaded)" : String.join(", ", cols.keySet());
    }
}
