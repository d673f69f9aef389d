package dev.tessera.cube.model;

import static dev.tessera.cube.model.CubeCompiler.blank;
import static dev.tessera.cube.model.CubeCompiler.exactlyOne;
import static dev.tessera.cube.model.CubeCompiler.isName;
import static dev.tessera.cube.model.CubeCompiler.titleOr;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cube's measures: aggregated ones over a column or an expression, and formulas over other measures, whose
 * references and cycles are checked once every measure is known (a formula may name a later one). A formula's
 * joins are left empty here: they follow from its measures' once those are final ({@link FormulaGraph#withJoins}).
 */
final class MeasureCompiler {
    private final TableCatalog catalog;
    private final ColumnResolver columns;
    private final List<String> problems;

    MeasureCompiler(TableCatalog catalog, ColumnResolver columns, List<String> problems) {
        this.catalog = catalog;
        this.columns = columns;
        this.problems = problems;
    }

    /** @param scope the fact table first, then the joined tables */
    Map<String, Measure> compile(CubeDefinition def, String where, List<String> scope) {
        Map<String, Measure> measures = new LinkedHashMap<>();
        Map<String, Formula> formulas = new HashMap<>();
        for (MeasureDefinition m : def.measures()) {
            String mWhere = where + ": measure '" + m.name() + "'";
            if (!isUsableName(m, mWhere, measures)) {
                continue;
            }
            Measure compiled = blank(m.formula()) ? aggregated(mWhere, m, scope) : formula(mWhere, m, formulas);
            if (compiled != null) {
                measures.put(m.name(), compiled);
            }
        }
        checkFormulas(where, formulas, measures);
        if (measures.isEmpty() && def.measures().isEmpty()) {
            problems.add(where + ": at least one measure is required");
        }
        return measures;
    }

    private boolean isUsableName(MeasureDefinition m, String mWhere, Map<String, Measure> measures) {
        if (!isName(m.name())) {
            problems.add(mWhere + ": name is required and must match " + CubeCompiler.NAME.pattern());
        } else if (m.name().equals(Cube.GROUPING_COLUMN)) {
            problems.add(mWhere + ": the name is reserved for the totals marker column");
        } else if (measures.containsKey(m.name())) {
            problems.add(mWhere + " is defined twice");
        } else {
            return true;
        }
        return false;
    }

    private Measure aggregated(String mWhere, MeasureDefinition m, List<String> scope) {
        if (m.aggregation() == null) {
            problems.add(mWhere + ": give an aggregation (sum, count, avg, min, max, countDistinct) or a formula");
            return null;
        }
        boolean countAll = m.aggregation() == Aggregation.COUNT && blank(m.column()) && blank(m.expression());
        if (!countAll && !exactlyOne(m.column(), m.expression())) {
            problems.add(mWhere + ": give either column or expression, " + (blank(m.column()) ? "not neither" : "not both"));
            return null;
        }
        if (blank(m.column())) {
            Set<String> joins = blank(m.expression()) ? Set.of() : Set.copyOf(scope.subList(1, scope.size()));
            return aggregatedMeasure(m, null, DataType.DOUBLE, joins);
        }
        ColumnRef column = columns.resolve(mWhere, m.column(), scope);
        if (column == null) {
            return null;
        }
        DataType input = catalog == null ? DataType.DOUBLE : catalog.type(column.table(), column.column());
        boolean needsNumber = m.aggregation() == Aggregation.SUM || m.aggregation() == Aggregation.AVG;
        if (needsNumber && catalog != null && !input.isNumeric()) {
            problems.add(mWhere + ": " + m.aggregation().jsonName() + " needs a numeric column, '" + m.column()
                    + "' is " + input.jsonName());
            return null;
        }
        Set<String> joins = column.table().equals(scope.get(0)) ? Set.of() : Set.of(column.table());
        return aggregatedMeasure(m, column, input, joins);
    }

    private static Measure aggregatedMeasure(MeasureDefinition m, ColumnRef column, DataType input, Set<String> joins) {
        DataType type = switch (m.aggregation()) {
            case COUNT, COUNT_DISTINCT -> DataType.INT;
            case AVG -> DataType.DOUBLE;
            case SUM -> input.isNumeric() ? input : DataType.DOUBLE;
            case MIN, MAX -> input;
        };
        return new Measure(m.name(), titleOr(m.title(), m.name()), m.aggregation(), column,
                blank(m.expression()) ? null : m.expression(), null, null, m.format(), type, joins);
    }

    private Measure formula(String mWhere, MeasureDefinition m, Map<String, Formula> formulas) {
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

    private void checkFormulas(String where, Map<String, Formula> formulas, Map<String, Measure> measures) {
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
            if (measures.containsKey(name) && FormulaGraph.refersBackToItself(name, formulas)) {
                problems.add(where + ": measure '" + name + "': formula refers back to itself");
            }
        }
    }
}
