package dev.tessera.cube.cache;

import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;
import dev.tessera.cube.query.Condition;
import dev.tessera.cube.query.FilterOp;
import dev.tessera.cube.query.ValidatedQuery;
import dev.tessera.cube.restrict.EffectiveRestriction;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The canonical text of a validated query and of a restriction: equal for requests that mean the same thing. It is
 * built from the validated form, not the JSON, so the order of JSON keys does not matter; the values of {@code in}
 * and {@code notIn}, the parts of {@code and}/{@code or} and a restriction's hierarchies and values are sorted.
 * The order of levels and measures is kept: it is the order of the answer's columns. Values carry their type, so
 * {@code 1} and {@code "1"} differ.
 */
public final class Canonical {

    private Canonical() {
    }

    public static String query(ValidatedQuery q) {
        return "levels=" + q.levels().stream().map(Level::ref).collect(Collectors.joining(","))
                + ";measures=" + q.measures().stream().map(Measure::name).collect(Collectors.joining(","))
                + ";where=" + condition(q.where())
                + ";having=" + condition(q.having())
                + ";grandTotal=" + q.grandTotal()
                + ";subtotals=" + q.subtotals().stream().map(Level::ref).collect(Collectors.joining(","))
                + ";order=" + q.order().stream().map(o -> o.column() + (o.descending() ? "d" : "a"))
                        .collect(Collectors.joining(","))
                + ";limit=" + q.limit() + ";offset=" + q.offset()
                + q.analytics().canonical()
                + (q.time() == null ? "" : ";" + q.time().canonical());
    }

    public static String restriction(EffectiveRestriction restriction) {
        if (restriction instanceof EffectiveRestriction.Restricted r) {
            Map<String, String> hierarchies = new TreeMap<>();
            r.hierarchies().forEach((h, levels) -> {
                Map<String, String> byLevel = new TreeMap<>();
                levels.forEach((ref, values) -> byLevel.put(ref, sortedValues(values)));
                hierarchies.put(h, byLevel.toString());
            });
            return "restricted" + hierarchies;
        }
        return restriction instanceof EffectiveRestriction.All ? "all" : "none";
    }

    static String condition(Condition c) {
        if (c instanceof Condition.And and) {
            return "and" + sortedParts(and.parts());
        }
        if (c instanceof Condition.Or or) {
            return "or" + sortedParts(or.parts());
        }
        if (c instanceof Condition.Not not) {
            return "not(" + condition(not.part()) + ")";
        }
        if (c instanceof Condition.LevelCondition l) {
            return "level(" + l.level().ref() + " " + l.op().jsonName() + " " + values(l.op(), l.values())
                    + (l.includeNulls() ? " +nulls" : "") + ")";
        }
        if (c instanceof Condition.MeasureCondition m) {
            return "measure(" + m.measure().name() + " " + m.op().jsonName() + " " + values(m.op(), m.values()) + ")";
        }
        return c == null ? "-" : "false";
    }

    private static String sortedParts(List<Condition> parts) {
        return parts.stream().map(Canonical::condition).sorted().collect(Collectors.joining(",", "(", ")"));
    }

    /** Sets ({@code in}, {@code notIn}) sorted; ordered operands ({@code between}) as given. */
    private static String values(FilterOp op, List<Object> values) {
        return op == FilterOp.IN || op == FilterOp.NOT_IN ? sortedValues(values)
                : values.stream().map(Canonical::value).collect(Collectors.joining(",", "[", "]"));
    }

    private static String sortedValues(List<Object> values) {
        return values.stream().map(Canonical::value).sorted().distinct().collect(Collectors.joining(",", "[", "]"));
    }

    private static String value(Object v) {
        return v == null ? "null" : v.getClass().getSimpleName() + ":" + escape(v.toString());
    }

    /** Separators inside a value cannot make two different lists read alike. */
    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace(",", "\\,").replace("]", "\\]").replace(")", "\\)");
    }
}
