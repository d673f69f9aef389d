package dev.tessera.cube.aggregate;

import dev.tessera.cube.model.Aggregation;
import dev.tessera.cube.model.Cube;
import dev.tessera.cube.model.Formula;
import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;
import io.dropwizard.util.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a cube's {@code aggregates:} against its levels and measures, and compiles them. Every problem names the cube
 * and the aggregate: an unknown level or measure, a name used twice, or a measure that cannot be answered from an
 * aggregate (a distinct count, or a formula over one).
 */
public final class AggregateCompiler {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private AggregateCompiler() {
    }

    /** The problems of {@code definitions} on a cube with these levels and measures (structure only, no engine). */
    public static List<String> problems(String cube, List<AggregateDefinition> definitions, Map<String, Level> levels,
                                        Map<String, Measure> measures) {
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < definitions.size(); i++) {
            AggregateDefinition d = definitions.get(i);
            String where = "cube '" + cube + "': " + (d.name() == null ? "aggregates[" + i + "]" : "aggregate '" + d.name() + "'");
            if (d.name() == null || !NAME.matcher(d.name()).matches()) {
                problems.add(where + ": name is required and must match " + NAME.pattern());
            } else if (!names.add(d.name())) {
                problems.add(where + ": another aggregate of the cube has the same name");
            }
            levelProblems(where, d, levels, problems);
            measureProblems(where, d, measures, problems);
        }
        return problems;
    }

    private static void levelProblems(String where, AggregateDefinition d, Map<String, Level> levels, List<String> problems) {
        Set<String> seen = new HashSet<>();
        for (String ref : d.levels()) {
            if (!levels.containsKey(ref)) {
                problems.add(where + ": level '" + ref + "' is not a level of the cube; levels are: "
                        + String.join(", ", levels.keySet()));
            } else if (!seen.add(ref)) {
                problems.add(where + ": level '" + ref + "' is named twice");
            }
        }
    }

    private static void measureProblems(String where, AggregateDefinition d, Map<String, Measure> measures,
                                        List<String> problems) {
        if (d.measures().isEmpty()) {
            problems.add(where + ": measures must name at least one measure of the cube");
        }
        for (String name : d.measures()) {
            Measure m = measures.get(name);
            if (m == null) {
                problems.add(where + ": measure '" + name + "' is not a measure of the cube; measures are: "
                        + String.join(", ", measures.keySet()));
                continue;
            }
            for (Measure part : stored(m, measures)) {
                if (!Decomposition.decomposable(part.aggregation())) {
                    String what = part.name().equals(m.name()) ? " is" : " reads '" + part.name() + "', which is";
                    problems.add(where + ": measure '" + name + "'" + what + " a " + Aggregation.COUNT_DISTINCT.jsonName()
                            + ": it cannot be answered from an aggregate (which values were distinct is lost once rows are"
                            + " combined); leave it out, and queries asking for it read the facts");
                }
            }
        }
    }

    /** The aggregates of a compiled cube, checked already by {@link #problems}. */
    public static List<Aggregate> compile(Cube cube, List<AggregateDefinition> definitions) {
        List<Aggregate> aggregates = new ArrayList<>();
        for (AggregateDefinition d : definitions) {
            List<Level> levels = d.levels().stream().map(cube.levels()::get).toList();
            Set<Measure> stored = new LinkedHashSet<>();
            Set<String> answers = new LinkedHashSet<>();
            for (String name : d.measures()) {
                stored.addAll(stored(cube.measures().get(name), cube.measures()));
                answers.add(name);
            }
            stored.forEach(m -> answers.add(m.name()));
            Duration refresh = d.refresh();
            aggregates.add(new Aggregate(cube.name(), d.name(), Aggregate.tableName(cube.name(), d.name()), levels,
                    List.copyOf(stored), Set.copyOf(answers),
                    refresh == null ? null : java.time.Duration.ofMillis(refresh.toMilliseconds())));
        }
        return aggregates;
    }

    /** The aggregated measures a measure reads: itself, or those a formula refers to, however deep. */
    static Set<Measure> stored(Measure m, Map<String, Measure> measures) {
        Set<Measure> out = new LinkedHashSet<>();
        collect(m, measures, out, new HashSet<>());
        return out;
    }

    private static void collect(Measure m, Map<String, Measure> measures, Set<Measure> out, Set<String> seen) {
        if (m == null || !seen.add(m.name())) {
            return;
        }
        if (!m.isFormula()) {
            out.add(m);
            return;
        }
        Set<String> refs = new LinkedHashSet<>();
        Formula.collectRefs(m.formula(), refs);
        refs.forEach(ref -> collect(measures.get(ref), measures, out, seen));
    }
}
