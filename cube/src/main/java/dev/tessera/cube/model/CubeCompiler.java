package dev.tessera.cube.model;

import dev.tessera.cube.aggregate.AggregateCompiler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compiles cube definitions into {@link Cube}s, as far as what it is given allows: the structure alone (names,
 * duplicates, column xor expression, formulas: what {@code check config.yml} can do before any table is loaded);
 * with the engine's {@link TableCatalog}, tables and columns too; with an {@link ExpressionProbe}, every expression
 * bound by the engine itself, which also types it and trims its joins. Every problem is gathered before any is
 * refused, and each names the cube, the item and what is wrong, e.g.
 * {@code cube 'sales': level 'geo.country': column 'contry' not found in sales, geography}.
 */
public final class CubeCompiler {
    /** Names that requests use; no dots, so {@code hierarchy.level} stays unambiguous. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final TableCatalog catalog;
    private final ExpressionProbe probe;
    private final List<String> problems = new ArrayList<>();
    private final ColumnResolver columns;
    private final MeasureCompiler measures;

    private CubeCompiler(TableCatalog catalog, ExpressionProbe probe) {
        this.catalog = catalog;
        this.probe = probe;
        this.columns = new ColumnResolver(catalog, problems);
        this.measures = new MeasureCompiler(catalog, columns, problems);
    }

    /** Structural checks only (no engine): names, duplicates, column xor expression, formulas. */
    public static List<String> validate(List<CubeDefinition> definitions) {
        return validate(definitions, null);
    }

    /** Structural checks plus tables and columns against the engine's catalog (null: structure only). */
    public static List<String> validate(List<CubeDefinition> definitions, TableCatalog catalog) {
        CubeCompiler compiler = new CubeCompiler(catalog, null);
        compiler.compileAll(definitions);
        return List.copyOf(compiler.problems);
    }

    /**
     * Compiles against the engine: its tables, and its verdict on every expression.
     *
     * @throws InvalidCubeModelException listing every problem
     */
    public static List<Cube> compile(List<CubeDefinition> definitions, TableCatalog catalog, ExpressionProbe probe) {
        CubeCompiler compiler = new CubeCompiler(catalog, probe);
        List<Cube> cubes = compiler.compileAll(definitions);
        if (!compiler.problems.isEmpty()) {
            throw new InvalidCubeModelException(compiler.problems);
        }
        return cubes;
    }

    private List<Cube> compileAll(List<CubeDefinition> definitions) {
        List<Cube> cubes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; definitions != null && i < definitions.size(); i++) {
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

    /** Structure and catalog first; only a cube without problems goes to the engine to have its expressions bound. */
    private Cube compile(CubeDefinition def, String where) {
        int before = problems.size();
        String fact = fact(def, where);
        List<Join> joins = joins(def, where, fact);
        List<String> scope = new ArrayList<>();
        scope.add(fact);
        joins.forEach(j -> scope.add(j.table()));
        Map<String, Level> levels = new LinkedHashMap<>();
        List<Dimension> dimensions = dimensions(def, where, scope, levels);
        Map<String, Measure> compiledMeasures = measures.compile(def, where, scope);
        problems.addAll(AggregateCompiler.problems(def.name(), def.aggregates(), levels, compiledMeasures));
        Cube cube = new Cube(def.name(), titleOr(def.title(), def.name()), def.description() == null ? "" : def.description(),
                fact, List.copyOf(joins), List.copyOf(dimensions), Collections.unmodifiableMap(levels),
                Collections.unmodifiableMap(compiledMeasures), def.defaultAccess(), timeDefaults(def, where));
        if (probe != null && problems.size() == before) {
            cube = new ExpressionTyping(probe, problems).apply(cube, def);
        }
        return withFormulaJoins(cube);
    }

    private TimeDefaults timeDefaults(CubeDefinition def, String where) {
        TimeDefaults.Parsed parsed = TimeDefaults.parse(def.timeZone(), def.weekStart());
        parsed.problems().forEach(p -> problems.add(where + ": " + p));
        return parsed.defaults();
    }

    private String fact(CubeDefinition def, String where) {
        String fact = def.fact();
        if (blank(fact)) {
            problems.add(where + ": fact (the fact table) is required");
            return "?";
        }
        if (catalog == null) {
            return fact;
        }
        Optional<String> loaded = catalog.table(fact);
        if (loaded.isEmpty()) {
            problems.add(where + ": fact table '" + fact + "' is not loaded; tables are: " + columns.tableNames());
        }
        return loaded.orElse(fact);
    }

    private List<Join> joins(CubeDefinition def, String where, String fact) {
        List<Join> joins = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JoinDefinition j : def.joins()) {
            if (j == null || blank(j.table())) {
                problems.add(where + ": a join has no table");
                continue;
            }
            String jWhere = where + ": join '" + j.table() + "'";
            if (j.table().equalsIgnoreCase(def.fact() == null ? "" : def.fact())) {
                problems.add(jWhere + ": joins the fact table to itself");
            }
            if (!seen.add(j.table().toLowerCase(Locale.ROOT))) {
                problems.add(jWhere + ": the table is joined twice");
            }
            j.keyProblem().ifPresent(problem -> problems.add(jWhere + ": " + problem));
            if (j.pairs().isEmpty()) {
                problems.add(jWhere + ": 'match' needs at least one pair factColumn: tableColumn");
            }
            Join join = catalog == null ? new Join(j.table(), j.pairs()) : loadedJoin(jWhere, j, fact);
            if (join != null) {
                joins.add(join);
            }
        }
        return joins;
    }

    /** The join with its table's and columns' spelling in the engine; null when the table is not loaded. */
    private Join loadedJoin(String jWhere, JoinDefinition j, String fact) {
        Optional<String> loaded = catalog.table(j.table());
        if (loaded.isEmpty()) {
            problems.add(jWhere + ": table '" + j.table() + "' is not loaded; tables are: " + columns.tableNames());
            return null;
        }
        String table = loaded.get();
        Map<String, String> on = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : j.pairs().entrySet()) {
            Optional<String> factColumn = catalog.column(fact, pair.getKey());
            Optional<String> tableColumn = catalog.column(table, pair.getValue());
            if (factColumn.isEmpty() && catalog.table(fact).isPresent()) {
                problems.add(jWhere + ": fact column '" + pair.getKey() + "' not found in " + fact
                        + "; columns are: " + columns.columnNames(fact));
            }
            if (tableColumn.isEmpty()) {
                problems.add(jWhere + ": column '" + pair.getValue() + "' not found in " + table
                        + "; columns are: " + columns.columnNames(table));
            }
            on.put(factColumn.orElse(pair.getKey()), tableColumn.orElse(pair.getValue()));
        }
        return new Join(table, Collections.unmodifiableMap(on));
    }

    private List<Dimension> dimensions(CubeDefinition def, String where, List<String> scope, Map<String, Level> levels) {
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
                hierarchies.add(hierarchy(where, h, hierarchyNames, scope, levels));
            }
            dimensions.add(new Dimension(d.name(), titleOr(d.title(), d.name()), List.copyOf(hierarchies)));
        }
        return dimensions;
    }

    private Hierarchy hierarchy(String where, HierarchyDefinition h, Set<String> hierarchyNames, List<String> scope,
                                Map<String, Level> levels) {
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
            Level level = level(where, h.name(), l, scope);
            if (level != null) {
                levels.putIfAbsent(level.ref(), level);
                hLevels.add(level);
            }
        }
        return new Hierarchy(h.name(), titleOr(h.title(), h.name()), List.copyOf(hLevels));
    }

    private Level level(String where, String hierarchy, LevelDefinition l, List<String> scope) {
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
        String title = titleOr(l.title(), l.name());
        if (blank(l.column())) {
            DataType type = l.type() == null ? DataType.STRING : l.type();
            return new Level(ref, hierarchy, l.name(), title, type, null, l.expression(), Set.copyOf(scope.subList(1, scope.size())));
        }
        ColumnRef column = columns.resolve(lWhere, l.column(), scope);
        if (column == null) {
            return null;
        }
        DataType type = l.type() != null ? l.type() : catalog != null ? catalog.type(column.table(), column.column()) : null;
        Set<String> joins = column.table().equals(scope.get(0)) ? Set.of() : Set.of(column.table());
        return new Level(ref, hierarchy, l.name(), title, type == null ? DataType.STRING : type, column, null, joins);
    }

    private static Cube withFormulaJoins(Cube cube) {
        return new Cube(cube.name(), cube.title(), cube.description(), cube.fact(), cube.joins(), cube.dimensions(),
                cube.levels(), Collections.unmodifiableMap(FormulaGraph.withJoins(cube.measures())), cube.defaultAccess(),
                cube.time());
    }

    static boolean exactlyOne(String a, String b) {
        return blank(a) != blank(b);
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static boolean isName(String s) {
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
