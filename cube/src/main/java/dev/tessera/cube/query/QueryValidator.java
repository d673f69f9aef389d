package dev.tessera.cube.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tessera.cube.model.Cube;
import dev.tessera.cube.model.DataType;
import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a {@link CubeQuery} against its cube and types every value. All problems are gathered, each with
 * a JSON pointer ({@code /levels/1}, {@code /filters/and/0/values/2}) and the names that exist.
 */
public final class QueryValidator {

    /**
     * The caps a request may lower but not raise (the row cap and the query time) and the query's size limits.
     */
    public record Limits(int maxRows, Duration maxTimeout, QueryLimits sizes) {
    }

    /** Past this many problems the rest are dropped: a body of 100,000 bad items gets a short answer. */
    static final int MAX_ERRORS = 100;

    private final Cube cube;
    private final List<QueryError> errors = new ArrayList<>();

    private QueryValidator(Cube cube) {
        this.cube = cube;
    }

    /** @throws QueryValidationException listing every problem found */
    public static ValidatedQuery validate(Cube cube, CubeQuery query, Limits limits) {
        return new QueryValidator(cube).run(query, limits);
    }

    private ValidatedQuery run(CubeQuery q, Limits limits) {
        List<QueryError> tooLarge = QuerySizeCheck.check(q, limits.sizes());
        if (!tooLarge.isEmpty()) {
            throw new QueryValidationException(tooLarge);
        }
        List<Level> levels = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < q.levels().size(); i++) {
            String ref = q.levels().get(i);
            Level l = level(ref, "/levels/" + i);
            if (l != null && !seen.add(ref)) {
                error("/levels/" + i, "level '" + ref + "' is requested twice");
            } else if (l != null) {
                levels.add(l);
            }
        }
        List<Measure> measures = new ArrayList<>();
        for (int i = 0; i < q.measures().size(); i++) {
            String name = q.measures().get(i);
            Measure m = measure(name, "/measures/" + i);
            if (m != null && !seen.add(name)) {
                error("/measures/" + i, "measure '" + name + "' is requested twice");
            } else if (m != null) {
                measures.add(m);
            }
        }
        if (q.levels().isEmpty() && q.measures().isEmpty()) {
            error("", "ask for at least one level or measure");
        }
        Condition where = null;
        Condition having = null;
        if (q.filters() != null && !q.filters().isNull()) {
            Condition c = node(q.filters(), "/filters", true);
            if (c != null) {
                List<Condition> whereParts = new ArrayList<>();
                List<Condition> havingParts = new ArrayList<>();
                List<Condition> top = c instanceof Condition.And a ? a.parts() : List.of(c);
                for (int i = 0; i < top.size(); i++) {
                    Condition part = top.get(i);
                    boolean lv = mentionsLevel(part);
                    boolean ms = mentionsMeasure(part);
                    if (lv && ms) {
                        error(c instanceof Condition.And ? "/filters/and/" + i : "/filters",
                                "an or/not may not mix level and measure conditions; put measure conditions in 'having' or at the top level");
                    } else if (ms) {
                        havingParts.add(part);
                    } else {
                        whereParts.add(part);
                    }
                }
                where = and(whereParts);
                having = and(havingParts);
            }
        }
        if (q.having() != null && !q.having().isNull()) {
            Condition h = node(q.having(), "/having", false);
            if (h != null) {
                having = and(having == null ? List.of(h) : List.of(having, h));
            }
        }
        List<Level> subtotals = new ArrayList<>();
        for (int i = 0; i < q.totals().subtotals().size(); i++) {
            String ref = q.totals().subtotals().get(i);
            Level l = levels.stream().filter(x -> x.ref().equals(ref)).findFirst().orElse(null);
            if (l == null) {
                error("/totals/subtotals/" + i, "subtotals must name requested levels; '" + ref + "' is not one of: "
                        + String.join(", ", q.levels()));
            } else {
                subtotals.add(l);
            }
        }
        List<ValidatedQuery.Order> order = new ArrayList<>();
        for (int i = 0; i < q.order().size(); i++) {
            CubeQuery.OrderItem item = q.order().get(i);
            String by = item == null ? null : item.by();
            int column = by == null ? -1 : levels.stream().map(Level::ref).toList().indexOf(by);
            if (column < 0 && by != null) {
                int m = measures.stream().map(Measure::name).toList().indexOf(by);
                column = m < 0 ? -1 : levels.size() + m;
            }
            if (column < 0) {
                List<String> names = new ArrayList<>(q.levels());
                names.addAll(q.measures());
                error("/order/" + i + "/by", "order by '" + by + "' is not a requested level or measure; those are: "
                        + String.join(", ", names));
                continue;
            }
            String dir = item.dir() == null ? "asc" : item.dir().toLowerCase(Locale.ROOT);
            if (!dir.equals("asc") && !dir.equals("desc")) {
                error("/order/" + i + "/dir", "dir must be asc or desc, not '" + item.dir() + "'");
            }
            order.add(new ValidatedQuery.Order(column, dir.equals("desc")));
        }
        int limit = limits.maxRows();
        if (q.limit() != null) {
            if (q.limit() < 0 || q.limit() > limits.maxRows()) {
                error("/limit", "limit must be between 0 and " + limits.maxRows() + ", the row cap");
            } else {
                limit = q.limit();
            }
        }
        int offset = 0;
        if (q.offset() != null) {
            if (q.offset() < 0) {
                error("/offset", "offset must not be negative");
            } else {
                offset = q.offset();
            }
        }
        Duration timeout = limits.maxTimeout();
        if (q.timeoutMs() != null) {
            if (q.timeoutMs() <= 0 || q.timeoutMs() > limits.maxTimeout().toMillis()) {
                error("/timeoutMs", "timeoutMs must be between 1 and " + limits.maxTimeout().toMillis()
                        + " (the configured query timeout)");
            } else {
                timeout = Duration.ofMillis(q.timeoutMs());
            }
        }
        if (!errors.isEmpty()) {
            throw new QueryValidationException(errors);
        }
        return new ValidatedQuery(cube, List.copyOf(levels), List.copyOf(measures), where, having,
                q.totals().grand(), List.copyOf(subtotals), List.copyOf(order), limit, offset, timeout);
    }

    private Condition node(JsonNode n, String ptr, boolean levelsAllowed) {
        if (n.isArray()) {
            return and(list(n, ptr, levelsAllowed));
        }
        if (!n.isObject()) {
            error(ptr, "a filter is an object: {\"and\": [...]}, {\"or\": [...]}, {\"not\": {...}} or a condition");
            return null;
        }
        if (n.size() == 1 && (n.has("and") || n.has("or"))) {
            String key = n.has("and") ? "and" : "or";
            JsonNode parts = n.get(key);
            if (!parts.isArray() || parts.isEmpty()) {
                error(ptr + "/" + key, "'" + key + "' takes a non-empty array of filters");
                return null;
            }
            List<Condition> list = list(parts, ptr + "/" + key, levelsAllowed);
            return key.equals("and") ? new Condition.And(list) : new Condition.Or(list);
        }
        if (n.size() == 1 && n.has("not")) {
            Condition inner = node(n.get("not"), ptr + "/not", levelsAllowed);
            return inner == null ? null : new Condition.Not(inner);
        }
        return leaf(n, ptr, levelsAllowed);
    }

    private List<Condition> list(JsonNode array, String ptr, boolean levelsAllowed) {
        List<Condition> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Condition c = node(array.get(i), ptr + "/" + i, levelsAllowed);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    private Condition leaf(JsonNode n, String ptr, boolean levelsAllowed) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("level", "measure", "op", "values", "value", "nulls").contains(f)) {
                error(ptr + "/" + escape(f), "unknown key '" + f
                        + "'; a condition has level or measure, op, values (or value), nulls");
            }
        }
        boolean isLevel = n.has("level");
        if (isLevel == n.has("measure")) {
            error(ptr, "a condition names either a level or a measure");
            return null;
        }
        if (isLevel && !levelsAllowed) {
            error(ptr + "/level", "having takes measure conditions only; put level conditions in 'filters'");
            return null;
        }
        JsonNode opNode = n.get("op");
        FilterOp op = opNode != null && opNode.isTextual() ? FilterOp.fromJson(opNode.textValue()).orElse(null) : null;
        if (op == null) {
            error(ptr + "/op", "unknown op " + (opNode == null ? "(missing)" : opNode.toString()) + "; ops are: "
                    + FilterOp.names());
        }
        Level level = null;
        Measure measure = null;
        DataType type;
        if (isLevel) {
            level = n.get("level").isTextual() ? level(n.get("level").textValue(), ptr + "/level") : null;
            if (level == null && !n.get("level").isTextual()) {
                error(ptr + "/level", "level must be a string like \"geo.country\"");
            }
            type = level == null ? null : level.type();
        } else {
            measure = n.get("measure").isTextual() ? measure(n.get("measure").textValue(), ptr + "/measure") : null;
            if (measure == null && !n.get("measure").isTextual()) {
                error(ptr + "/measure", "measure must be a string");
            }
            type = measure == null ? null : measure.type();
        }
        boolean includeNulls = false;
        JsonNode nulls = n.get("nulls");
        if (nulls != null) {
            if (!isLevel) {
                error(ptr + "/nulls", "nulls applies to level conditions only");
            } else if (nulls.isTextual() && (nulls.textValue().equals("include") || nulls.textValue().equals("exclude"))) {
                includeNulls = nulls.textValue().equals("include");
            } else {
                error(ptr + "/nulls", "nulls must be \"include\" or \"exclude\"");
            }
        }
        if (op == null || type == null) {
            return null;
        }
        if (!isLevel && (op == FilterOp.CONTAINS || op == FilterOp.STARTS_WITH)) {
            error(ptr + "/op", op.jsonName() + " applies to string levels, not measures");
            return null;
        }
        if ((op == FilterOp.CONTAINS || op == FilterOp.STARTS_WITH) && type != DataType.STRING) {
            error(ptr + "/op", op.jsonName() + " applies to string levels; '" + level.ref() + "' is " + type.jsonName());
            return null;
        }
        if (includeNulls && (op == FilterOp.IS_NULL || op == FilterOp.IS_NOT_NULL)) {
            error(ptr + "/nulls", "nulls does not go with " + op.jsonName());
            return null;
        }
        List<Object> values = values(n, ptr, op, type);
        if (values == null) {
            return null;
        }
        if (op == FilterOp.NOT_IN && includeNulls && values.contains(null)) {
            error(ptr + "/nulls", "null among notIn values excludes NULL rows, which contradicts nulls: include");
            return null;
        }
        return isLevel ? new Condition.LevelCondition(level, op, values, includeNulls)
                : new Condition.MeasureCondition(measure, op, values);
    }

    private List<Object> values(JsonNode n, String ptr, FilterOp op, DataType type) {
        if (n.has("values") && n.has("value")) {
            error(ptr, "give values or value, not both");
            return null;
        }
        String key = n.has("value") ? "value" : "values";
        JsonNode raw = n.get(key);
        List<JsonNode> items = new ArrayList<>();
        boolean single = key.equals("value");
        if (raw == null) {
            // no values: fine for isNull / isNotNull only, checked below
        } else if (single) {
            items.add(raw);
        } else if (raw.isArray()) {
            raw.forEach(items::add);
        } else {
            error(ptr + "/values", "values must be an array");
            return null;
        }
        int arity = op.arity();
        if (arity == 0 && !items.isEmpty()) {
            error(ptr + "/" + key, op.jsonName() + " takes no values");
            return null;
        }
        if (arity > 0 && items.size() != arity) {
            error(ptr + "/" + key, op.jsonName() + " takes " + (arity == 1 ? "one value" : arity + " values")
                    + ", got " + items.size());
            return null;
        }
        if (arity < 0 && items.isEmpty()) {
            error(ptr + "/" + key, op.jsonName() + " takes one or more values");
            return null;
        }
        List<Object> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            String p = single ? ptr + "/value" : ptr + "/values/" + i;
            JsonNode v = items.get(i);
            if (v.isNull() && !op.allowsNullValue()) {
                error(p, op.jsonName() + " takes no null value; use isNull / isNotNull or nulls: include");
                ok = false;
                continue;
            }
            try {
                out.add(Values.convert(type, v));
            } catch (IllegalArgumentException e) {
                error(p, e.getMessage());
                ok = false;
            }
        }
        return ok ? out : null;
    }

    private Level level(String ref, String ptr) {
        Level l = ref == null ? null : cube.levels().get(ref);
        if (l == null) {
            error(ptr, "unknown level '" + ref + "' in cube '" + cube.name() + "'; levels are: "
                    + String.join(", ", cube.levels().keySet()));
        }
        return l;
    }

    private Measure measure(String name, String ptr) {
        Measure m = name == null ? null : cube.measures().get(name);
        if (m == null) {
            error(ptr, "unknown measure '" + name + "' in cube '" + cube.name() + "'; measures are: "
                    + String.join(", ", cube.measures().keySet()));
        }
        return m;
    }

    private void error(String pointer, String detail) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(new QueryError(pointer, detail));
        } else if (errors.size() == MAX_ERRORS) {
            errors.add(new QueryError("", "more problems were found; the first " + MAX_ERRORS + " are listed"));
        }
    }

    private static Condition and(List<Condition> parts) {
        if (parts.isEmpty()) {
            return null;
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.And(List.copyOf(parts));
    }

    static boolean mentionsLevel(Condition c) {
        return mentions(c, Condition.LevelCondition.class);
    }

    static boolean mentionsMeasure(Condition c) {
        return mentions(c, Condition.MeasureCondition.class);
    }

    private static boolean mentions(Condition c, Class<? extends Condition> leaf) {
        if (c instanceof Condition.And a) {
            return a.parts().stream().anyMatch(p -> mentions(p, leaf));
        }
        if (c instanceof Condition.Or o) {
            return o.parts().stream().anyMatch(p -> mentions(p, leaf));
        }
        if (c instanceof Condition.Not n) {
            return mentions(n.part(), leaf);
        }
        return leaf.isInstance(c);
    }

    /** RFC 6901 escaping of one reference token. */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
