package dev.tessera.cube.analytics;

import dev.tessera.cube.model.Aggregation;
import dev.tessera.cube.model.Hierarchy;
import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;
import dev.tessera.cube.query.CubeQuery;
import dev.tessera.cube.query.QueryProblems;
import dev.tessera.cube.time.TimeSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a query's {@code calculations} and {@code top} against the levels and measures it requests. Every problem is
 * a 422 at a JSON pointer ({@code /calculations/1/measure}, {@code /top/by}) naming what exists; a calculation
 * works on the query's own cells, so its measure and levels must be requested ones.
 */
public final class CalculationReader {

    /** The keys each type takes besides {@code name} and {@code type}. */
    private static final Map<String, Set<String>> KEYS = Map.of(
            "rank", Set.of("measure", "dir", "within"),
            "share", Set.of("measure", "of"),
            "previousPeriod", Set.of("measure", "show"),
            "samePeriodLastYear", Set.of("measure", "show"),
            "running", Set.of("measure", "along", "reset"),
            "rolling", Set.of("measure", "along", "periods", "aggregation"));

    private final QueryProblems problems;
    private final List<Level> levels;
    private final List<Measure> measures;
    private final PeriodCalculationReader periods;

    /** {@code time}: the query's resolved time (null without one), which period calculations run along. */
    public CalculationReader(QueryProblems problems, List<Level> levels, List<Measure> measures, TimeSpec time) {
        this.problems = problems;
        this.levels = levels;
        this.measures = measures;
        this.periods = new PeriodCalculationReader(problems, time);
    }

    /** The checked analytics of {@code q}; problems are added, not thrown, so the caller lists them all at once. */
    public Analytics read(CubeQuery q) {
        if (q.calculations().isEmpty() && q.top() == null) {
            return Analytics.NONE;
        }
        if (q.totals().grand() || !q.totals().subtotals().isEmpty()) {
            problems.add("/totals", "totals cannot be combined with calculations or top (a rank or share over totals rows"
                    + " would mix levels of detail); ask for the totals in a query of their own");
        }
        List<Calculation> calculations = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < q.calculations().size(); i++) {
            Calculation c = calculation(q.calculations().get(i), "/calculations/" + i, names);
            if (c != null) {
                calculations.add(c);
            }
        }
        return new Analytics(calculations, q.top() == null ? null : top(q.top()));
    }

    /** The names of the answer columns the calculations add, in order, for {@code order} to refer to. */
    public static List<String> columnNames(Analytics analytics) {
        return analytics.calculations().stream().map(Calculation::name).toList();
    }

    private Calculation calculation(CubeQuery.CalculationItem item, String pointer, Set<String> names) {
        if (item == null) {
            problems.add(pointer, "a calculation is an object with a name and a type; types are: " + types());
            return null;
        }
        boolean named = name(item.name(), pointer + "/name", names);
        String type = item.type();
        if (type == null || !KEYS.containsKey(type)) {
            problems.add(pointer + "/type", (type == null ? "a calculation needs a type" : "unknown calculation type '"
                    + type + "'") + "; types are: " + types());
            return null;
        }
        keys(item, type, pointer);
        Measure measure = measure(item.measure(), pointer + "/measure");
        if (!named || measure == null) {
            return null;
        }
        return switch (type) {
            case "rank" -> rank(item, pointer, measure);
            case "share" -> share(item, pointer, measure);
            case "previousPeriod", "samePeriodLastYear", "running", "rolling" -> periods.read(item, pointer, measure);
            default -> throw new IllegalStateException("no reader for calculation type " + type);
        };
    }

    private Calculation rank(CubeQuery.CalculationItem item, String pointer, Measure measure) {
        Boolean descending = descending(item.dir(), pointer + "/dir");
        Level within = item.within() == null ? null : requestedLevel(item.within(), pointer + "/within");
        if (descending == null || (item.within() != null && within == null)) {
            return null;
        }
        return new Calculation.Rank(item.name(), measure, descending, within);
    }

    private Calculation share(CubeQuery.CalculationItem item, String pointer, Measure measure) {
        if (!addsUp(measure)) {
            problems.add(pointer + "/measure", "a share needs a measure that adds up (sum or count): '" + measure.name()
                    + "' is " + kind(measure));
            return null;
        }
        String of = item.of() == null ? "grandTotal" : item.of();
        List<Level> partition = partition(of, pointer + "/of");
        return partition == null ? null : new Calculation.Share(item.name(), measure, of, partition);
    }

    /** The levels whose members the share's total is taken over; null (with a problem) when {@code of} is wrong. */
    private List<Level> partition(String of, String pointer) {
        if (of.equals("grandTotal")) {
            return List.of();
        }
        if (of.equals("parent")) {
            Level child = childWithParent();
            if (child == null) {
                problems.add(pointer, "a share of the parent needs a level and the level above it in the same hierarchy"
                        + " in the query (e.g. geo.country and geo.city); requested levels are: " + refs(levels));
                return null;
            }
            return levels.stream().filter(l -> !l.equals(child)).toList();
        }
        Level level = levels.stream().filter(l -> l.ref().equals(of)).findFirst().orElse(null);
        if (level == null) {
            problems.add(pointer, "of must be grandTotal, parent or a requested level; '" + of + "' is none of them;"
                    + " requested levels are: " + refs(levels));
            return null;
        }
        return List.of(level);
    }

    /** The last requested level that has a higher level of its hierarchy requested too (a city, with its country). */
    private Level childWithParent() {
        for (int i = levels.size() - 1; i >= 0; i--) {
            Level candidate = levels.get(i);
            List<Level> above = levelsAbove(candidate);
            if (levels.stream().anyMatch(l -> above.stream().anyMatch(a -> a.ref().equals(l.ref())))) {
                return candidate;
            }
        }
        return null;
    }

    private List<Level> levelsAbove(Level level) {
        for (var dimension : problems.cube().dimensions()) {
            for (Hierarchy h : dimension.hierarchies()) {
                List<String> refs = h.levels().stream().map(Level::ref).toList();
                int at = refs.indexOf(level.ref());
                if (at >= 0) {
                    return h.levels().subList(0, at);
                }
            }
        }
        return List.of();
    }

    private TopN top(CubeQuery.Top top) {
        boolean valid = true;
        if (top.n() == null || top.n() < 1) {
            problems.add("/top/n", "n must be a whole number of at least 1: how many cells to keep per group");
            valid = false;
        }
        Measure by = measure(top.by(), "/top/by");
        Boolean descending = descending(top.dir(), "/top/dir");
        Level within = top.within() == null ? null : requestedLevel(top.within(), "/top/within");
        boolean others = Boolean.TRUE.equals(top.others());
        if (others) {
            measures.stream().filter(m -> !addsUp(m)).forEach(m -> problems.add("/top/others", "the others row sums the"
                    + " cells that were cut, so every measure must add up (sum or count): '" + m.name() + "' is " + kind(m)
                    + "; drop it from measures or ask without others"));
        }
        if (!valid || by == null || descending == null || (top.within() != null && within == null)) {
            return null;
        }
        return new TopN(top.n(), by, descending, within, others);
    }

    private boolean name(String name, String pointer, Set<String> names) {
        String problem = null;
        if (name == null || name.isBlank()) {
            problem = "a calculation needs a name: the answer column it becomes";
        } else if (name.startsWith("_")) {
            problem = "names starting with _ are kept for the answer's own columns; choose another than '" + name + "'";
        } else if (problems.cube().levels().containsKey(name) || problems.cube().measures().containsKey(name)) {
            problem = "'" + name + "' is already a level or measure of cube '" + problems.cube().name() + "'; choose another";
        } else if (!names.add(name)) {
            problem = "calculation name '" + name + "' is used twice";
        }
        if (problem != null) {
            problems.add(pointer, problem);
        }
        return problem == null;
    }

    /** Keys set that this type does not take: refused, so a misplaced key is not silently ignored. */
    private void keys(CubeQuery.CalculationItem item, String type, String pointer) {
        Set<String> allowed = KEYS.get(type);
        present(item).forEach(key -> {
            if (!allowed.contains(key)) {
                problems.add(pointer + "/" + key, "a " + type + " calculation does not take '" + key + "'; it takes: name, type, "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        });
    }

    private static List<String> present(CubeQuery.CalculationItem item) {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("measure", item.measure());
        keys.put("dir", item.dir());
        keys.put("within", item.within());
        keys.put("of", item.of());
        keys.put("show", item.show());
        keys.put("along", item.along());
        keys.put("reset", item.reset());
        keys.put("periods", item.periods());
        keys.put("aggregation", item.aggregation());
        return keys.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).toList();
    }

    /** A measure the query requests: calculations work on the query's cells. */
    private Measure measure(String name, String pointer) {
        Measure m = measures.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
        if (m == null) {
            problems.add(pointer, (name == null ? "a measure is required" : "'" + name + "' is not a requested measure")
                    + "; calculations and top work on the query's measures: " + String.join(", ", measures.stream()
                    .map(Measure::name).toList()));
        }
        return m;
    }

    private Level requestedLevel(String ref, String pointer) {
        Level l = levels.stream().filter(x -> x.ref().equals(ref)).findFirst().orElse(null);
        if (l == null) {
            problems.add(pointer, "'" + ref + "' is not a requested level; requested levels are: " + refs(levels));
        }
        return l;
    }

    /** True for desc (the default), false for asc, null (with a problem) for anything else. */
    private Boolean descending(String dir, String pointer) {
        String d = dir == null ? "desc" : dir.toLowerCase(Locale.ROOT);
        if (!d.equals("asc") && !d.equals("desc")) {
            problems.add(pointer, "dir must be asc or desc, not '" + dir + "'");
            return null;
        }
        return d.equals("desc");
    }

    /** Sums of sums and counts are the sums and counts of the facts; of any other measure they mean nothing. */
    static boolean addsUp(Measure m) {
        return !m.isFormula() && (m.aggregation() == Aggregation.SUM || m.aggregation() == Aggregation.COUNT);
    }

    private static String kind(Measure m) {
        return m.isFormula() ? "a formula" : m.aggregation().jsonName();
    }

    private static String types() {
        return String.join(", ", KEYS.keySet().stream().sorted().toList());
    }

    private static String refs(List<Level> ls) {
        return ls.isEmpty() ? "(none)" : String.join(", ", ls.stream().map(Level::ref).toList());
    }
}
