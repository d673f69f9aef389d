package dev.tessera.cube.sql;

import dev.tessera.cube.model.Cube;
import dev.tessera.cube.model.DataType;
import dev.tessera.cube.query.Condition;
import dev.tessera.cube.query.FilterOp;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Conditions as SQL predicates: level conditions over the level's SQL (WHERE), measure conditions over the
 * aggregate's (HAVING). Every value is a bound parameter; text for LIKE is escaped first.
 */
final class ConditionSql {
    private final SqlDialect dialect;
    private final ModelSql model;

    ConditionSql(SqlDialect dialect, ModelSql model) {
        this.dialect = dialect;
        this.model = model;
    }

    void render(SqlBuilder b, Cube cube, Condition c) {
        if (c instanceof Condition.And a) {
            junction(b, cube, a.parts(), " AND ");
        } else if (c instanceof Condition.Or o) {
            junction(b, cube, o.parts(), " OR ");
        } else if (c instanceof Condition.Not n) {
            b.append("(NOT ");
            render(b, cube, n.part());
            b.append(')');
        } else if (c instanceof Condition.False) {
            b.append('(').append(dialect.falsePredicate()).append(')');
        } else if (c instanceof Condition.LevelCondition l) {
            predicate(b, model.level(l.level()), l.level().type(), l.op(), l.values(), l.includeNulls());
        } else if (c instanceof Condition.MeasureCondition m) {
            predicate(b, model.measure(cube, m.measure()), m.measure().type(), m.op(), m.values(), false);
        }
    }

    /** The joined tables a condition's levels and measures need. */
    static void collectJoins(Condition c, Set<String> joins) {
        if (c instanceof Condition.And a) {
            a.parts().forEach(p -> collectJoins(p, joins));
        } else if (c instanceof Condition.Or o) {
            o.parts().forEach(p -> collectJoins(p, joins));
        } else if (c instanceof Condition.Not n) {
            collectJoins(n.part(), joins);
        } else if (c instanceof Condition.LevelCondition l) {
            joins.addAll(l.level().joins());
        } else if (c instanceof Condition.MeasureCondition m) {
            joins.addAll(m.measure().joins());
        }
    }

    /** Request text as a LIKE operand: the dialect's escape character, {@code %} and {@code _} taken literally. */
    String escapeLike(String text) {
        String e = String.valueOf(dialect.likeEscape());
        return text.replace(e, e + e).replace("%", e + "%").replace("_", e + "_");
    }

    private void junction(SqlBuilder b, Cube cube, List<Condition> parts, String op) {
        b.append('(');
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                b.append(op);
            }
            render(b, cube, parts.get(i));
        }
        b.append(')');
    }

    private void predicate(SqlBuilder b, String x, DataType type, FilterOp op, List<Object> values, boolean includeNulls) {
        b.append('(');
        switch (op) {
            case EQ, IN -> membership(b, x, type, op == FilterOp.EQ ? " = " : " IN ", values, includeNulls);
            case NE, NOT_IN -> exclusion(b, x, type, op == FilterOp.NE ? " <> " : " NOT IN ", values, includeNulls);
            case GT, GTE, LT, LTE -> comparison(b, x, type, op, values.get(0), includeNulls);
            case BETWEEN -> between(b, x, type, values, includeNulls);
            case CONTAINS, STARTS_WITH -> textMatch(b, x, op, (String) values.get(0), includeNulls);
            case IS_NULL -> b.append(x).append(" IS NULL");
            case IS_NOT_NULL -> b.append(x).append(" IS NOT NULL");
        }
        b.append(')');
    }

    /** {@code x = v}, {@code x IN (...)}; a null among the values, or nulls: include, adds {@code OR x IS NULL}. */
    private void membership(SqlBuilder b, String x, DataType type, String op, List<Object> values, boolean includeNulls) {
        List<Object> nonNull = values.stream().filter(Objects::nonNull).toList();
        if (!nonNull.isEmpty()) {
            list(b, x, nonNull, type, op);
        }
        if (nonNull.size() < values.size() || includeNulls) {
            b.append(nonNull.isEmpty() ? "" : " OR ").append(x).append(" IS NULL");
        }
    }

    /** {@code x <> v}, {@code x NOT IN (...)}; only nulls given means "not null". */
    private void exclusion(SqlBuilder b, String x, DataType type, String op, List<Object> values, boolean includeNulls) {
        List<Object> nonNull = values.stream().filter(Objects::nonNull).toList();
        if (!nonNull.isEmpty()) {
            list(b, x, nonNull, type, op);
        } else {
            b.append(x).append(" IS NOT NULL");
        }
        nullsTail(b, x, includeNulls);
    }

    private void comparison(SqlBuilder b, String x, DataType type, FilterOp op, Object value, boolean includeNulls) {
        String sym = switch (op) {
            case GT -> " > ";
            case GTE -> " >= ";
            case LT -> " < ";
            default -> " <= ";
        };
        b.append(x).append(sym);
        b.param(value, type);
        nullsTail(b, x, includeNulls);
    }

    private void between(SqlBuilder b, String x, DataType type, List<Object> values, boolean includeNulls) {
        b.append(x).append(" BETWEEN ");
        b.param(values.get(0), type);
        b.append(" AND ");
        b.param(values.get(1), type);
        nullsTail(b, x, includeNulls);
    }

    private void textMatch(SqlBuilder b, String x, FilterOp op, String text, boolean includeNulls) {
        b.append(dialect.like(x, dialect.placeholder(DataType.STRING)));
        String v = escapeLike(text);
        b.addParam(op == FilterOp.CONTAINS ? "%" + v + "%" : v + "%", DataType.STRING);
        nullsTail(b, x, includeNulls);
    }

    private static void nullsTail(SqlBuilder b, String x, boolean includeNulls) {
        if (includeNulls) {
            b.append(" OR ").append(x).append(" IS NULL");
        }
    }

    private static void list(SqlBuilder b, String x, List<Object> values, DataType type, String op) {
        b.append(x).append(op);
        boolean paren = op.contains("IN");
        if (paren) {
            b.append('(');
        }
        for (int i = 0; i < values.size(); i++) {
            b.append(i == 0 ? "" : ", ");
            b.param(values.get(i), type);
        }
        if (paren) {
            b.append(')');
        }
    }
}
