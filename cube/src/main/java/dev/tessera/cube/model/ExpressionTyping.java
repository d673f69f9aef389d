package dev.tessera.cube.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compilation's last step, against the engine: each level and measure expression is bound over the fact table
 * alone (then it needs no join), else with every joined table; what the engine refuses is reported with its
 * reason. A level without a declared type takes the engine's, and so does a sum, min or max over an expression.
 */
final class ExpressionTyping {
    private final ExpressionProbe probe;
    private final List<String> problems;

    ExpressionTyping(ExpressionProbe probe, List<String> problems) {
        this.probe = probe;
        this.problems = problems;
    }

    /** The cube with its expressions typed and their joins trimmed; formula joins are left to the caller. */
    Cube apply(Cube cube, CubeDefinition def) {
        Set<String> allJoins = cube.joins().stream().map(Join::table).collect(Collectors.toSet());
        Map<String, Level> levels = new LinkedHashMap<>();
        for (Level l : cube.levels().values()) {
            levels.put(l.ref(), l.expression() == null ? l : level(cube, l, isTypeDeclared(def, l), allJoins));
        }
        Map<String, Measure> measures = new LinkedHashMap<>();
        for (Measure m : cube.measures().values()) {
            measures.put(m.name(), m.expression() == null || m.isFormula() ? m : measure(cube, m, allJoins));
        }
        List<Dimension> dimensions = cube.dimensions().stream().map(d -> new Dimension(d.name(), d.title(),
                d.hierarchies().stream().map(h -> new Hierarchy(h.name(), h.title(),
                        h.levels().stream().map(l -> levels.get(l.ref())).toList())).toList())).toList();
        return new Cube(cube.name(), cube.title(), cube.description(), cube.fact(), cube.joins(), dimensions,
                Collections.unmodifiableMap(levels), Collections.unmodifiableMap(measures), cube.defaultAccess(),
                cube.time());
    }

    private Level level(Cube cube, Level l, boolean typeDeclared, Set<String> allJoins) {
        Typed t = bind(withJoins -> probe.level(cube, l, withJoins), allJoins);
        if (t.refusal() != null) {
            problems.add("cube '" + cube.name() + "': level '" + l.ref() + "': expression \"" + l.expression()
                    + "\" does not work: " + t.refusal());
            return l;
        }
        return new Level(l.ref(), l.hierarchy(), l.name(), l.title(), typeDeclared ? l.type() : t.type(), null,
                l.expression(), t.joins());
    }

    private Measure measure(Cube cube, Measure m, Set<String> allJoins) {
        Typed t = bind(withJoins -> probe.measure(cube, m, withJoins), allJoins);
        if (t.refusal() != null) {
            problems.add("cube '" + cube.name() + "': measure '" + m.name() + "': expression \"" + m.expression()
                    + "\" does not work: " + t.refusal());
            return m;
        }
        DataType type = switch (m.aggregation()) {
            case COUNT, COUNT_DISTINCT -> DataType.INT;
            case AVG -> DataType.DOUBLE;
            default -> t.type();
        };
        return new Measure(m.name(), m.title(), m.aggregation(), null, m.expression(), null, null, m.format(), type,
                t.joins());
    }

    /** Alone first: an expression that binds without joins needs none. */
    private static Typed bind(Function<Boolean, ExpressionProbe.Bound> attempt, Set<String> allJoins) {
        ExpressionProbe.Bound alone = attempt.apply(false);
        if (!alone.isRefused()) {
            return new Typed(alone.type(), Set.of(), null);
        }
        if (allJoins.isEmpty()) {
            return new Typed(null, null, alone.refusal());
        }
        ExpressionProbe.Bound joined = attempt.apply(true);
        return joined.isRefused() ? new Typed(null, null, joined.refusal()) : new Typed(joined.type(), allJoins, null);
    }

    private static boolean isTypeDeclared(CubeDefinition def, Level l) {
        return def.dimensions().stream().flatMap(d -> d.hierarchies().stream())
                .filter(h -> h.name().equals(l.hierarchy())).flatMap(h -> h.levels().stream())
                .anyMatch(x -> l.name().equals(x.name()) && x.type() != null);
    }

    private record Typed(DataType type, Set<String> joins, String refusal) {
    }
}
