package dev.tessera.cube.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks cube definitions and compiles them into {@link Cube}s. Without a {@link TableCatalog} only the
 * structure is checked (what {@code check config.yml} can do before any table is loaded); with one,
 * tables and columns are checked against the engine too. Every message names the cube, the item and the
 * problem, e.g. {@code cube 'sales': level 'geo.country': column 'contry' not found in sales, geography}.
 */
public final class CubeModelValidator {
    /** Names that requests use; no dots, so {@code hierarchy.level} stays unambiguous. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** The answer column marking totals rows; no measure may take this name. */
    public static final String GROUPING_COLUMN = "_grouping";

    private final TableCatalog catalog;
    private final List<String> problems = new ArrayList<>();

    private CubeModelValidator(TableCatalog catalog) {
        this.catalog = catalog;
    }

    /** Structural checks only (no engine): names, duplicates, column xor expression, formulas. */
    public static List<String> validate(List<CubeDefinition> definitions) {
        return validate(definitions, null);
    }

    /** Structural checks plus tables and columns against the engine's catalog (null: structure only). */
    public static List<String> validate(List<CubeDefinition> definitions, TableCatalog catalog) {
        CubeModelValidator v = new CubeModelValidator(catalog);
        v.compileAll(definitions);
        return List.copyOf(v.problems);
    }

    /** Compiles the definitions, or throws listing every problem. */
    public static List<Cube> compile(List<CubeDefinition> definitions, TableCatalog catalog) {
        CubeModelValidator v = new CubeModelValidator(catalog);
        List<Cube> cubes = v.compileAll(definitions);
        if (!v.problems.isEmpty()) {
            throw new InvalidCubeModelException(v.problems);
        }
        return cubes;
    }

    private List<Cube> compileAll(List<CubeDefinition> definitions) {
        List<Cube> cubes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (definitions == null) {
            return cubes;
        }
        for (int i = 0; i < definitions.size(); i++) {
            CubeDefinition def = definitions.get(i);
            if (def == null) {
                problems.add("cubes[" + i + "]: empty entry");
                continue;
            }
            String where = def.name() == null ? "cubes[" + i + "]" : "cube '" + def.name() + "'";
            if (!isName(def.name())) {
                problems.add(where + ": name is required and must match " + NAME.pattern());
            } else if (!names.add(def.name())) {
                problems.add(where + ": another cube has the same name");
            }
            int before = problems.size();
            Cube cube = compile(def, where);
            if (problems.size() == before) {
                cubes.add(cube);
            }
        }
        return cubes;
    }

    private Cube compile(CubeDefinition def, String where) {
        String fact = def.fact();
        if (fact == null || fact.isBlank()) {
            problems.add(where + ": fact (the fact table) is required");
            fact = "?";
        } else if (catalog != null) {
            Optional<String> t = catalog.table(fact);
            if (t.isEmpty()) {
                problems.add(where + ": fact table '" + fact + "' is not loaded; tables are: " + tableNames());
            } else {
                fact = t.get();
            }
        }
        List<Join> joins = compileJoins(def, where, fact);
        List<String> scope = new ArrayList<>();
        scope.add(fact);
        joins.forEach(j -> scope.add(j.table()));

        Map<String, Level> levels = new LinkedHashMap<>();
        List<Dimension> dimensions = new ArrayList<>();
        Set<String> dimensionNames = new HashSet<>();
        Set<String> hierarchyNames = new HashSet<>();
        for (DimensionDefinition d : def.dimensions()) {
            if (!isName(d.name())) {
                problems.add(where + ": dimension '" + d.name() + "': name is required and must match " + NAME.pattern());
            } else if (!dimensionNames.add(d.name())) {
                problems.add(where + ": dimension '" + d.name() + "' is defined twice");
            }
            if (d.hierarchies().isEmpty()) {
                problems.add(where + ": dimension '" + d.name() + "' has no hierarchies");
            }
            List<Hierarchy> hierarchies = new ArrayList<>();
            for (HierarchyDefinition h : d.hierarchies()) {
                String hWhere = where + ": hierarchy '" + h.name() + "'";
                if (!isName(h.name())) {
                    problems.add(hWhere + ": name is required and must match " + NAME.pattern());
                } else if (!hierarchyNames.add(h.name())) {
                    problems.add(hWhere + " is defined twice (hierarchy names are unique in a cube, levels are named hierarchy.level)");
                }
                if (h.levels().isEmpty()) {
                    problems.add(hWhere + " has no levels");
                }
                List<Level> hLevels = new ArrayList<>();
                Set<String> levelNames = new HashSet<>();
                for (LevelDefinition l : h.levels()) {
                    if (l.name() != null && !levelNames.add(l.name())) {
                        problems.add(where + ": level '" + h.name() + "." + l.name() + "' is defined twice");
                        continue;
                    }
                    Level level = compileLevel(where, h.name(), l, fact, scope);
                    if (level != null) {
                        levels.putIfAbsent(level.ref(), level);
                        hLevels.add(level);
                    }
                }
                hierarchies.add(new Hierarchy(h.name(), titleOr(h.title(), h.name()), List.copyOf(hLevels)));
            }
            dimensions.add(new Dimension(d.name(), titleOr(d.title(), d.name()), List.copyOf(hierarchies)));
        }
        Map<String, Measure> measures = compileMeasures(def, where, fact, scope);
        if (measures.isEmpty() && def.measures().isEmpty()) {
            problems.add(where + ": at least one measure is required");
        }
        return new Cube(def.name(), titleOr(def.title(), def.name()), def.description() == null ? "" : def.description(),
                fact, List.copyOf(joins), List.copyOf(dimensions), Collections.unmodifiableMap(levels),
                Collections.unmodifiableMap(measures), def.defaultAccess());
    }

    private List<Join> compileJoins(CubeDefinition def, String where, String fact) {
        List<Join> joins = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JoinDefinition j : def.joins()) {
            if (j == null || j.table() == null || j.table().isBlank()) {
                problems.add(where + ": a join has no table");
                continue;
            }
            String jWhere = where + ": join '" + j.table() + "'";
            String table = j.table();
            if (table.equalsIgnoreCase(def.fact() == null ? "" : def.fact())) {
                problems.add(jWhere + ": joins the fact table to itself");
            }
            if (!seen.add(table.toLowerCase(Locale.ROOT))) {
                problems.add(jWhere + ": the table is joined twice");
            }
            if (j.on().isEmpty()) {
                problems.add(jWhere + ": 'on' needs at least one pair factColumn: tableColumn");
            }
            Map<String, String> on = new LinkedHashMap<>();
            if (catalog != null) {
                Optional<String> t = catalog.table(table);
                if (t.isEmpty()) {
                    problems.add(jWhere + ": table '" + table + "' is not loaded; tables are: " + tableNames());
                    continue;
                }
                table = t.get();
                for (Map.Entry<String, String> e : j.on().entrySet()) {
                    Optional<String> fc = catalog.column(fact, e.getKey());
                    Optional<String> dc = catalog.column(table, e.getValue());
                    if (fc.isEmpty() && catalog.table(fact).isPresent()) {
                        problems.add(jWhere + ": fact column '" + e.getKey() + "' not found in " + fact
                                + "; columns are: " + columnNames(fact));
                    }
                    if (dc.isEmpty()) {
                        problems.add(jWhere + ": column '" + e.getValue() + "' not found in " + table
                                + "; columns are: " + columnNames(table));
                    }
                    on.put(fc.orElse(e.getKey()), dc.orElse(e.getValue()));
                }
            } else {
                on.putAll(j.on());
            }
            joins.add(new Join(table, Collections.unmodifiableMap(on)));
        }
        return joins;
    }

    private Level compileLevel(String where, String hierarchy, LevelDefinition l, String fact, List<String> scope) {
        String ref = hierarchy + "." + l.name();
        String lWhere = where + ": level '" + ref + "'";
        if (!isName(l.name())) {
            problems.add(lWhere + ": name is required and must match " + NAME.pattern());
            return null;
        }
        if (!exactlyOne(l.column(), l.expression())) {
            problems.add(lWhere + ": give either column or expression, " + (blank(l.column()) ? "not neither" : "not both"));
            return null;
        }
        ColumnRef column = null;
        DataType type = l.type();
        Set<String> joins;
        if (!blank(l.column())) {
            column = resolveColumn(lWhere, l.column(), fact, scope);
            if (column == null) {
                return null;
            }
            if (type == null && catalog != null) {
                type = catalog.type(column.table(), column.column());
            }
            joins = column.table().equals(fact) ? Set.of() : Set.of(column.table());
        } else {
            joins = allJoins(scope);
        }
        return new Level(ref, hierarchy, l.name(), titleOr(l.title(), l.name()), type == null ? DataType.STRING : type,
                column, blank(l.expression()) ? null : l.expression(), joins);
    }

    private Map<String, Measure> compileMeasures(CubeDefinition def, String where, String fact, List<String> scope) {
        Map<String, Measure> measures = new LinkedHashMap<>();
        Map<String, Formula> formulas = new HashMap<>();
        for (MeasureDefinition m : def.measures()) {
            String mWhere = where + ": measure '" + m.name() + "'";
            if (!isName(m.name())) {
                problems.add(mWhere + ": name is required and must match " + NAME.pattern());
                continue;
            }
            if (m.name().equals(GROUPING_COLUMN)) {
                problems.add(mWhere + ": the name is reserved for the totals marker column");
                continue;
            }
            if (measures.containsKey(m.name())) {
                problems.add(mWhere + " is defined twice");
                continue;
            }
            Measure compiled = blank(m.formula())
                    ? compileAggregated(mWhere, m, fact, scope)
                    : compileFormula(mWhere, m, formulas);
            if (compiled != null) {
                measures.put(m.name(), compiled);
            }
        }
        // Formula references are checked once every measure is known (a formula may name a later one).
        for (Map.Entry<String, Formula> e : formulas.entrySet()) {
            Set<String> refs = new LinkedHashSet<>();
            Formula.collectRefs(e.getValue(), refs);
            for (String ref : refs) {
                if (!measures.containsKey(ref)) {
                    problems.add(where + ": measure '" + e.getKey() + "': formula names unknown measure '" + ref
                            + "'; measures are: " + String.join(", ", measures.keySet()));
                }
            }
        }
        for (String name : formulas.keySet()) {
            if (measures.containsKey(name) && reaches(name, name, formulas, new HashSet<>())) {
                problems.add(where + ": measure '" + name + "': formula refers back to itself");
            }
        }
        // A formula needs whatever joins its measures need.
        Map<String, Measure> resolved = new LinkedHashMap<>();
        for (Measure m : measures.values()) {
            resolved.put(m.name(), m.isFormula()
                    ? new Measure(m.name(), m.title(), null, null, null, m.formula(), m.formulaText(), m.format(),
                    DataType.DOUBLE, formulaJoins(m.formula(), measures, new HashSet<>()))
                    : m);
        }
        return resolved;
    }

    private Measure compileAggregated(String mWhere, MeasureDefinition m, String fact, List<String> scope) {
        if (m.aggregation() == null) {
            problems.add(mWhere + ": give an aggregation (sum, count, avg, min, max, countDistinct) or a formula");
            return null;
        }
        boolean countAll = m.aggregation() == Aggregation.COUNT && blank(m.column()) && blank(m.expression());
        if (!countAll && !exactlyOne(m.column(), m.expression())) {
            problems.add(mWhere + ": give either column or expression, " + (blank(m.column()) ? "not neither" : "not both"));
            return null;
        }
        ColumnRef column = null;
        Set<String> joins = Set.of();
        DataType inputType = DataType.DOUBLE;
        if (!blank(m.column())) {
            column = resolveColumn(mWhere, m.column(), fact, scope);
            if (column == null) {
                return null;
            }
            joins = column.table().equals(fact) ? Set.of() : Set.of(column.table());
            if (catalog != null) {
                inputType = catalog.type(column.table(), column.column());
            }
        } else if (!blank(m.expression())) {
            joins = allJoins(scope);
        }
        DataType type = switch (m.aggregation()) {
            case COUNT, COUNT_DISTINCT -> DataType.INT;
            case AVG -> DataType.DOUBLE;
            case SUM -> inputType.isNumeric() ? inputType : DataType.DOUBLE;
            case MIN, MAX -> inputType;
        };
        if (m.aggregation() == Aggregation.SUM || m.aggregation() == Aggregation.AVG) {
            if (column != null && catalog != null && !inputType.isNumeric()) {
                problems.add(mWhere + ": " + m.aggregation().jsonName() + " needs a numeric column, '" + m.column()
                        + "' is " + inputType.jsonName());
                return null;
            }
        }
        return new Measure(m.name(), titleOr(m.title(), m.name()), m.aggregation(), column,
                blank(m.expression()) ? null : m.expression(), null, null, m.format(), type, joins);
    }

    private Measure compileFormula(String mWhere, MeasureDefinition m, Map<String, Formula> formulas) {
        if (m.aggregation() != null || !blank(m.column()) || !blank(m.expression())) {
            problems.add(mWhere + ": a formula measure takes no aggregation, column or expression");
            return null;
        }
        try {
            Formula f = FormulaParser.parse(m.formula());
            formulas.put(m.name(), f);
            return new Measure(m.name(), titleOr(m.title(), m.name()), null, null, null, f, m.formula(), m.format(),
                    DataType.DOUBLE, Set.of());
        } catch (IllegalArgumentException e) {
            problems.add(mWhere + ": formula \"" + m.formula() + "\" cannot be read: " + e.getMessage());
            return null;
        }
    }

    private static boolean reaches(String from, String target, Map<String, Formula> formulas, Set<String> seen) {
        Formula f = formulas.get(from);
        if (f == null || !seen.add(from)) {
            return false;
        }
        Set<String> refs = new HashSet<>();
        Formula.collectRefs(f, refs);
        for (String r : refs) {
            if (r.equals(target) || reaches(r, target, formulas, seen)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> formulaJoins(Formula f, Map<String, Measure> measures, Set<String> seen) {
        Set<String> refs = new HashSet<>();
        Formula.collectRefs(f, refs);
        Set<String> joins = new HashSet<>();
        for (String r : refs) {
            Measure m = measures.get(r);
            if (m == null || !seen.add(r)) {
                continue;
            }
            joins.addAll(m.isFormula() ? formulaJoins(m.formula(), measures, seen) : m.joins());
        }
        return Set.copyOf(joins);
    }

    /** {@code col} resolves to the fact table's column if it has one, else to the one joined table that has it. */
    private ColumnRef resolveColumn(String where, String spec, String fact, List<String> scope) {
        int dot = spec.indexOf('.');
        String table = dot < 0 ? null : spec.substring(0, dot);
        String col = dot < 0 ? spec : spec.substring(dot + 1);
        if (table != null) {
            String found = scope.stream().filter(t -> t.equalsIgnoreCase(table)).findFirst().orElse(null);
            if (found == null) {
                problems.add(where + ": column '" + spec + "' names table '" + table
                        + "', which is neither the fact table nor joined; tables are: " + String.join(", ", scope));
                return null;
            }
            if (catalog == null) {
                return new ColumnRef(found, col);
            }
            Optional<String> c = catalog.column(found, col);
            if (c.isEmpty()) {
                if (catalog.table(found).isPresent()) {
                    problems.add(where + ": column '" + col + "' not found in " + found + "; columns are: "
                            + columnNames(found));
                }
                return null;
            }
            return new ColumnRef(found, c.get());
        }
        if (catalog == null) {
            return new ColumnRef(fact, col);
        }
        if (catalog.table(fact).isEmpty()) {
            return null; // already reported
        }
        Optional<String> inFact = catalog.column(fact, col);
        if (inFact.isPresent()) {
            return new ColumnRef(fact, inFact.get());
        }
        List<ColumnRef> hits = new ArrayList<>();
        for (String t : scope.subList(1, scope.size())) {
            catalog.column(t, col).ifPresent(c -> hits.add(new ColumnRef(t, c)));
        }
        if (hits.size() == 1) {
            return hits.get(0);
        }
        if (hits.isEmpty()) {
            problems.add(where + ": column '" + col + "' not found in " + String.join(", ", scope));
        } else {
            problems.add(where + ": column '" + col + "' is in several joined tables ("
                    + hits.stream().map(ColumnRef::table).collect(Collectors.joining(", ")) + "); write table.column");
        }
        return null;
    }

    private String tableNames() {
        return catalog.tables().isEmpty() ? "(none)" : String.join(", ", catalog.tables().keySet());
    }

    private String columnNames(String table) {
        Map<String, DataType> cols = catalog.tables().get(table);
        return cols == null ? "(table not loaded)" : String.join(", ", cols.keySet());
    }

    private static Set<String> allJoins(List<String> scope) {
        return Set.copyOf(scope.subList(1, scope.size()));
    }

    private static boolean exactlyOne(String a, String b) {
        return blank(a) != blank(b);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static boolean isName(String s) {
        return s != null && NAME.matcher(s).matches();
    }

    /** "avgPrice" becomes "Avg price" when no title is given. */
    static String titleOr(String title, String name) {
        if (title != null && !title.isBlank()) {
            return title;
        }
        if (name == null || name.isEmpty()) {
            return "";
        }
        String spaced = name.replace('_', ' ').replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT).trim();
        return spaced.isEmpty() ? name : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
