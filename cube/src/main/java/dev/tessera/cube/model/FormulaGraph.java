package dev.tessera.cube.model;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Formulas name other measures, which may be formulas too: cycles, and the joins a formula needs through them. */
final class FormulaGraph {

    private FormulaGraph() {
    }

    /** Whether following the formula of {@code name} through other formulas comes back to it. */
    static boolean refersBackToItself(String name, Map<String, Formula> formulas) {
        return reaches(name, name, formulas, new HashSet<>());
    }

    private static boolean reaches(String from, String target, Map<String, Formula> formulas, Set<String> seen) {
        Formula f = formulas.get(from);
        if (f == null || !seen.add(from)) {
            return false;
        }
        for (String r : refs(f)) {
            if (r.equals(target) || reaches(r, target, formulas, seen)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The measures with each formula given the joins of the measures it names (through other formulas too): run
     * once the aggregated measures' own joins are final.
     */
    static Map<String, Measure> withJoins(Map<String, Measure> measures) {
        Map<String, Measure> out = new LinkedHashMap<>();
        for (Measure m : measures.values()) {
            out.put(m.name(), m.isFormula() ? new Measure(m.name(), m.title(), null, null, null, m.formula(),
                    m.formulaText(), m.format(), m.type(), joins(m.formula(), measures, new HashSet<>())) : m);
        }
        return out;
    }

    private static Set<String> joins(Formula f, Map<String, Measure> measures, Set<String> seen) {
        Set<String> joins = new HashSet<>();
        for (String r : refs(f)) {
            Measure m = measures.get(r);
            if (m != null && seen.add(r)) {
                joins.addAll(m.isFormula() ? joins(m.formula(), measures, seen) : m.joins());
            }
        }
        return Set.copyOf(joins);
    }

    private static Set<String> refs(Formula f) {
        Set<String> refs = new HashSet<>();
        Formula.collectRefs(f, refs);
        return refs;
    }
}
