package dev.tessera.cube.aggregate;

import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;
import dev.tessera.cube.query.Condition;
import dev.tessera.cube.query.ValidatedQuery;
import dev.tessera.cube.restrict.EffectiveRestriction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the aggregate a query is answered from: the smallest (fewest rows) of those that hold every level the answer
 * depends on (its levels and so its subtotals, the levels its filters test, the levels the user's restriction tests)
 * and every aggregated measure its measures and {@code having} read. An aggregate not built yet is never picked. A
 * pure function: the same cube, query, restriction and sizes give the same route.
 */
public final class AggregateRouter {

    private AggregateRouter() {
    }

    /**
     * The route of {@code q} under {@code restriction}.
     *
     * @param aggregates the cube's aggregates
     * @param rows       the rows of each built aggregate, by name; one missing has not been built yet
     */
    public static Route route(List<Aggregate> aggregates, Map<String, Long> rows, ValidatedQuery q,
                              EffectiveRestriction restriction) {
        Map<Level, String> levels = neededLevels(q, restriction);
        Set<Measure> measures = neededMeasures(q);
        Map<String, String> verdicts = new LinkedHashMap<>();
        List<Aggregate> covering = new ArrayList<>();
        for (Aggregate a : aggregates) {
            Optional<String> refusal = rows.containsKey(a.name()) ? refusal(a, levels, measures)
                    : Optional.of("not built yet: its first build has not finished");
            refusal.ifPresentOrElse(why -> verdicts.put(a.name(), why), () -> covering.add(a));
        }
        Aggregate chosen = covering.stream().min(Comparator.comparingLong((Aggregate a) -> rows.get(a.name()))
                .thenComparing(Aggregate::name)).orElse(null);
        for (Aggregate a : covering) {
            verdicts.put(a.name(), a.equals(chosen) ? "answers: the smallest aggregate that covers the query (" + rows.get(a.name())
                    + " rows)" : "covers the query but is larger (" + rows.get(a.name()) + " rows) than '" + chosen.name() + "'");
        }
        return new Route(chosen, verdicts);
    }

    private static Optional<String> refusal(Aggregate a, Map<Level, String> levels, Set<Measure> measures) {
        for (Map.Entry<Level, String> needed : levels.entrySet()) {
            if (!a.levels().contains(needed.getKey())) {
                return Optional.of("lacks level '" + needed.getKey().ref() + "' (" + needed.getValue() + ")");
            }
        }
        for (Measure m : measures) {
            if (!Decomposition.decomposable(m.aggregation())) {
                return Optional.of("measure '" + m.name() + "' is a distinct count, which no aggregate can answer");
            }
            if (!a.stored().contains(m)) {
                return Optional.of("lacks measure '" + m.name() + "'");
            }
        }
        return Optional.empty();
    }

    /** Each level the answer depends on, with where the query needs it, first reason first. */
    private static Map<Level, String> neededLevels(ValidatedQuery q, EffectiveRestriction restriction) {
        Map<Level, String> levels = new LinkedHashMap<>();
        q.levels().forEach(l -> levels.putIfAbsent(l, "a level of the query"));
        levelsOf(q.where(), levels, "tested by the filters");
        levelsOf(restriction.condition(q.cube()), levels, "tested by the user's restriction");
        if (q.time() != null) {
            levels.putIfAbsent(q.time().level(), "the query's time level (its date range or granularity)");
        }
        return levels;
    }

    private static void levelsOf(Condition c, Map<Level, String> into, String why) {
        if (c instanceof Condition.And a) {
            a.parts().forEach(p -> levelsOf(p, into, why));
        } else if (c instanceof Condition.Or o) {
            o.parts().forEach(p -> levelsOf(p, into, why));
        } else if (c instanceof Condition.Not n) {
            levelsOf(n.part(), into, why);
        } else if (c instanceof Condition.LevelCondition l) {
            into.putIfAbsent(l.level(), why);
        }
    }

    /** The aggregated measures the query reads, its formulas expanded, {@code having} included. */
    private static Set<Measure> neededMeasures(ValidatedQuery q) {
        Set<Measure> asked = new LinkedHashSet<>(q.measures());
        measuresOf(q.having(), asked);
        measuresOf(q.where(), asked);
        Set<Measure> stored = new LinkedHashSet<>();
        asked.forEach(m -> stored.addAll(AggregateCompiler.stored(m, q.cube().measures())));
        return stored;
    }

    private static void measuresOf(Condition c, Set<Measure> into) {
        if (c instanceof Condition.And a) {
            a.parts().forEach(p -> measuresOf(p, into));
        } else if (c instanceof Condition.Or o) {
            o.parts().forEach(p -> measuresOf(p, into));
        } else if (c instanceof Condition.Not n) {
            measuresOf(n.part(), into);
        } else if (c instanceof Condition.MeasureCondition m) {
            into.add(m.measure());
        }
    }
}
