package dev.tessera.cube.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tessera.cube.model.DataType;
import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code filters} and {@code having} into {@link Condition}s: {@code {"and": [...]}}, {@code {"or": [...]}},
 * {@code {"not": {...}}}, an array (read as an and), or one condition {@code {level|measure, op, values|value,
 * nulls}} whose values are typed by its level or measure. What cannot be read is a problem at its pointer.
 */
final class FilterReader {
    private static final Set<String> CONDITION_KEYS = Set.of("level", "measure", "op", "values", "value", "nulls");

    private final QueryProblems problems;

    FilterReader(QueryProblems problems) {
        this.problems = problems;
    }

    /** @param levelsAllowed false for {@code having}, which takes measure conditions only */
    Condition read(JsonNode n, String ptr, boolean levelsAllowed) {
        if (n.isArray()) {
            return and(list(n, ptr, levelsAllowed));
        }
        if (!n.isObject()) {
            problems.add(ptr, "a filter is an object: {\"and\": [...]}, {\"or\": [...]}, {\"not\": {...}} or a condition");
            return null;
        }
        if (n.size() == 1 && (n.has("and") || n.has("or"))) {
            return junction(n, ptr, levelsAllowed);
        }
        if (n.size() == 1 && n.has("not")) {
            Condition inner = read(n.get("not"), ptr + "/not", levelsAllowed);
            return inner == null ? null : new Condition.Not(inner);
        }
        return leaf(n, ptr, levelsAllowed);
    }

    static Condition and(List<Condition> parts) {
        if (parts.isEmpty()) {
            return null;
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.And(List.copyOf(parts));
    }

    private Condition junction(JsonNode n, String ptr, boolean levelsAllowed) {
        String key = n.has("and") ? "and" : "or";
        JsonNode parts = n.get(key);
        if (!parts.isArray() || parts.isEmpty()) {
            problems.add(ptr + "/" + key, "'" + key + "' takes a non-empty array of filters");
            return null;
        }
        List<Condition> list = list(parts, ptr + "/" + key, levelsAllowed);
        return key.equals("and") ? new Condition.And(list) : new Condition.Or(list);
    }

    private List<Condition> list(JsonNode array, String ptr, boolean levelsAllowed) {
        List<Condition> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Condition c = read(array.get(i), ptr + "/" + i, levelsAllowed);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    private Condition leaf(JsonNode n, String ptr, boolean levelsAllowed) {
        checkKeys(n, ptr);
        boolean isLevel = n.has("level");
        if (isLevel == n.has("measure")) {
            problems.add(ptr, "a condition names either a level or a measure");
            return null;
        }
        if (isLevel && !levelsAllowed) {
            problems.add(ptr + "/level", "having takes measure conditions only; put level conditions in 'filters'");
            return null;
        }
        FilterOp op = op(n.get("op"), ptr);
        Level level = isLevel ? level(n.get("level"), ptr) : null;
        Measure measure = isLevel ? null : measure(n.get("measure"), ptr);
        DataType type = level != null ? level.type() : measure != null ? measure.type() : null;
        boolean includeNulls = includeNulls(n.get("nulls"), ptr, isLevel);
        if (op == null || type == null || !opFits(op, level, type, includeNulls, ptr)) {
            return null;
        }
        List<Object> values = values(n, ptr, op, type);
        if (values == null) {
            return null;
        }
        if (op == FilterOp.NOT_IN && includeNulls && values.contains(null)) {
            problems.add(ptr + "/nulls", "null among notIn values excludes NULL rows, which contradicts nulls: include");
            return null;
        }
        return isLevel ? new Condition.LevelCondition(level, op, values, includeNulls)
                : new Condition.MeasureCondition(measure, op, values);
    }

    private void checkKeys(JsonNode n, String ptr) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!CONDITION_KEYS.contains(f)) {
                problems.add(ptr + "/" + QueryValidator.escape(f), "unknown key '" + f
                        + "'; a condition has level or measure, op, values (or value), nulls");
            }
        }
    }

    private FilterOp op(JsonNode opNode, String ptr) {
        FilterOp op = opNode != null && opNode.isTextual() ? FilterOp.fromJson(opNode.textValue()).orElse(null) : null;
        if (op == null) {
            problems.add(ptr + "/op", "unknown op " + (opNode == null ? "(missing)" : opNode.toString()) + "; ops are: "
                    + FilterOp.names());
        }
        return op;
    }

    private Level level(JsonNode name, String ptr) {
        if (!name.isTextual()) {
            problems.add(ptr + "/level", "level must be a string like \"geo.country\"");
            return null;
        }
        return problems.level(name.textValue(), ptr + "/level");
    }

    private Measure measure(JsonNode name, String ptr) {
        if (!name.isTextual()) {
            problems.add(ptr + "/measure", "measure must be a string");
            return null;
        }
        return problems.measure(name.textValue(), ptr + "/measure");
    }

    /** {@code nulls: include | exclude}, level conditions only; absent or wrong is exclude (wrong is reported). */
    private boolean includeNulls(JsonNode nulls, String ptr, boolean isLevel) {
        if (nulls == null) {
            return false;
        }
        if (!isLevel) {
            problems.add(ptr + "/nulls", "nulls applies to level conditions only");
        } else if (nulls.isTextual() && (nulls.textValue().equals("include") || nulls.textValue().equals("exclude"))) {
            return nulls.textValue().equals("include");
        } else {
            problems.add(ptr + "/nulls", "nulls must be \"include\" or \"exclude\"");
        }
        return false;
    }

    /** Text matching applies to string levels only, and nulls: include to ops that are not about nulls already. */
    private boolean opFits(FilterOp op, Level level, DataType type, boolean includeNulls, String ptr) {
        boolean textMatch = op == FilterOp.CONTAINS || op == FilterOp.STARTS_WITH;
        if (textMatch && level == null) {
            problems.add(ptr + "/op", op.jsonName() + " applies to string levels, not measures");
            return false;
        }
        if (textMatch && type != DataType.STRING) {
            problems.add(ptr + "/op", op.jsonName() + " applies to string levels; '" + level.ref() + "' is " + type.jsonName());
            return false;
        }
        if (includeNulls && (op == FilterOp.IS_NULL || op == FilterOp.IS_NOT_NULL)) {
            problems.add(ptr + "/nulls", "nulls does not go with " + op.jsonName());
            return false;
        }
        return true;
    }

    private List<Object> values(JsonNode n, String ptr, FilterOp op, DataType type) {
        if (n.has("values") && n.has("value")) {
            problems.add(ptr, "give values or value, not both");
            return null;
        }
        boolean single = n.has("value");
        String key = single ? "value" : "values";
        List<JsonNode> items = items(n.get(key), single, ptr);
        if (items == null || !arityFits(op, items.size(), ptr + "/" + key)) {
            return null;
        }
        return typed(items, single, ptr, op, type);
    }

    /** The given values; none (fine for isNull and isNotNull only, which arity checks) when the key is absent. */
    private List<JsonNode> items(JsonNode raw, boolean single, String ptr) {
        if (raw == null) {
            return List.of();
        }
        if (single) {
            return List.of(raw);
        }
        if (!raw.isArray()) {
            problems.add(ptr + "/values", "values must be an array");
            return null;
        }
        List<JsonNode> items = new ArrayList<>();
        raw.forEach(items::add);
        return items;
    }

    private boolean arityFits(FilterOp op, int count, String ptr) {
        int arity = op.arity();
        if (arity == 0 && count > 0) {
            problems.add(ptr, op.jsonName() + " takes no values");
        } else if (arity > 0 && count != arity) {
            problems.add(ptr, op.jsonName() + " takes " + (arity == 1 ? "one value" : arity + " values") + ", got " + count);
        } else if (arity < 0 && count == 0) {
            problems.add(ptr, op.jsonName() + " takes one or more values");
        } else {
            return true;
        }
        return false;
    }

    private List<Object> typed(List<JsonNode> items, boolean single, String ptr, FilterOp op, DataType type) {
        List<Object> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            String p = single ? ptr + "/value" : ptr + "/values/" + i;
            JsonNode v = items.get(i);
            if (v.isNull() && !op.allowsNullValue()) {
                problems.add(p, op.jsonName() + " takes no null value; use isNull / isNotNull or nulls: include");
                ok = false;
                continue;
            }
            try {
                out.add(Values.convert(type, v));
            } catch (IllegalArgumentException e) {
                problems.add(p, e.getMessage());
                ok = false;
            }
        }
        return ok ? out : null;
    }
}
