package dev.tessera.cube.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures a query against its {@link QueryLimits} before {@link QueryValidator} looks at any name or value: one
 * error per limit passed, each pointing at the list that is too long and naming the limit, its config key and the
 * size sent. The walk over {@code filters} and {@code having} follows the shapes the validator accepts and stops
 * descending past the depth limit, so its own cost is bounded by the body.
 */
final class QuerySizeCheck {

    private final QueryLimits limits;
    private final List<QueryError> errors = new ArrayList<>();
    private int conditions;
    private int values;
    private boolean tooDeep;

    private QuerySizeCheck(QueryLimits limits) {
        this.limits = limits;
    }

    /** Returns the limits this query passes, empty when it is within all of them. */
    static List<QueryError> check(CubeQuery query, QueryLimits limits) {
        return new QuerySizeCheck(limits).run(query);
    }

    private List<QueryError> run(CubeQuery q) {
        list("/levels", q.levels().size(), limits.maxLevels(), "levels", "maxLevels");
        list("/measures", q.measures().size(), limits.maxMeasures(), "measures", "maxMeasures");
        list("/totals/subtotals", q.totals().subtotals().size(), limits.maxLevels(), "subtotals", "maxLevels");
        list("/calculations", q.calculations().size(), limits.maxMeasures(), "calculations", "maxMeasures");
        list("/order", q.order().size(), limits.maxOrderItems(), "order items", "maxLevels + maxMeasures");
        walk(q.filters(), "/filters", 0);
        walk(q.having(), "/having", 0);
        if (conditions > limits.maxConditions()) {
            errors.add(new QueryError(firstOf(q), "at most " + count(limits.maxConditions())
                    + " conditions in filters and having together (engine.queryLimits.maxConditions); this query has "
                    + count(conditions)));
        }
        if (values > limits.maxFilterValues()) {
            errors.add(new QueryError(firstOf(q), "at most " + count(limits.maxFilterValues())
                    + " values in filters and having together (engine.queryLimits.maxFilterValues); this query has "
                    + count(values)));
        }
        return errors;
    }

    private void list(String pointer, int size, int max, String what, String key) {
        if (size > max) {
            errors.add(new QueryError(pointer, "at most " + count(max) + " " + what + " (engine.queryLimits." + key
                    + "); this query has " + count(size)));
        }
    }

    /** Mirrors QueryValidator.node: an array or and/or is a junction, not wraps one filter, anything else a leaf. */
    private void walk(JsonNode node, String pointer, int depth) {
        if (node == null || node.isNull()) {
            return;
        }
        JsonNode parts = node.isArray() ? node : junction(node);
        JsonNode negated = node.isObject() && node.size() == 1 ? node.get("not") : null;
        if (parts == null && negated == null) {
            leaf(node, pointer);
            return;
        }
        if (depth >= limits.maxFilterDepth()) {
            if (!tooDeep) {
                errors.add(new QueryError(pointer, "filters nest at most " + limits.maxFilterDepth()
                        + " deep (and, or, not; engine.queryLimits.maxFilterDepth)"));
                tooDeep = true;
            }
            return;
        }
        if (negated != null) {
            walk(negated, pointer + "/not", depth + 1);
            return;
        }
        String base = node.isArray() ? pointer : pointer + "/" + node.fieldNames().next();
        for (int i = 0; i < parts.size(); i++) {
            walk(parts.get(i), base + "/" + i, depth + 1);
        }
    }

    private static JsonNode junction(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            return null;
        }
        JsonNode parts = node.has("and") ? node.get("and") : node.get("or");
        return parts != null && parts.isArray() ? parts : null;
    }

    private void leaf(JsonNode node, String pointer) {
        conditions++;
        JsonNode many = node.get("values");
        int n = many != null && many.isArray() ? many.size() : node.has("value") ? 1 : 0;
        values += n;
        if (n > limits.maxValuesPerFilter()) {
            errors.add(new QueryError(pointer + "/values", "at most " + count(limits.maxValuesPerFilter())
                    + " values in one condition (engine.queryLimits.maxValuesPerFilter); this one has " + count(n)));
        }
    }

    /** Totals over filters and having point at whichever of them the query has, filters first. */
    private static String firstOf(CubeQuery q) {
        return q.filters() != null && !q.filters().isNull() ? "/filters" : "/having";
    }

    private static String count(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
