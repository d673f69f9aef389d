package dev.tessera.cube.sql;

import dev.tessera.cube.model.Cube;
import dev.tessera.cube.model.Formula;
import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;

/** The SQL of a level (its column or expression) and of a measure (an aggregate, or a formula over others). */
final class ModelSql {
    private final SqlDialect dialect;
    /** Read in place of the facts, or null. */
    private final FactSource source;

    ModelSql(SqlDialect dialect) {
        this(dialect, null);
    }

    ModelSql(SqlDialect dialect, FactSource source) {
        this.dialect = dialect;
        this.source = source;
    }

    String level(Level l) {
        if (source != null) {
            return source.level(l);
        }
        return l.column() != null ? dialect.qualified(l.column().table(), l.column().column()) : "(" + l.expression() + ")";
    }

    String measure(Cube cube, Measure m) {
        if (m.isFormula()) {
            return formula(cube, m.formula());
        }
        if (source != null) {
            return source.measure(m);
        }
        String arg = m.column() != null ? dialect.qualified(m.column().table(), m.column().column())
                : m.expression() != null ? "(" + m.expression() + ")" : "*";
        return switch (m.aggregation()) {
            case SUM -> "SUM(" + arg + ")";
            case COUNT -> "COUNT(" + arg + ")";
            case AVG -> "AVG(" + arg + ")";
            case MIN -> "MIN(" + arg + ")";
            case MAX -> "MAX(" + arg + ")";
            case COUNT_DISTINCT -> dialect.countDistinct(arg);
        };
    }

    private String formula(Cube cube, Formula f) {
        if (f instanceof Formula.Ref r) {
            return "(" + measure(cube, cube.measures().get(r.measure())) + ")";
        }
        if (f instanceof Formula.Num n) {
            return n.value().toPlainString();
        }
        if (f instanceof Formula.Negate n) {
            return "(-" + formula(cube, n.operand()) + ")";
        }
        Formula.Binary bin = (Formula.Binary) f;
        String l = formula(cube, bin.left());
        String r = formula(cube, bin.right());
        return bin.op() == '/' ? dialect.divide(l, r) : "(" + l + " " + bin.op() + " " + r + ")";
    }
}
