package dev.tessera.cube.restrict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.cube.query.QueryError;
import dev.tessera.cube.query.QueryValidationException;
import dev.tessera.cube.query.QueryValidator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes one role's restriction document, exactly the admin API's JSON:
 * {@code {"sales": {"geo.country": ["France"]}}} or {@code {"sales": "all"}}.
 */
public final class Grants {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Grants() {
    }

    /** Reads a role's restriction document; throws {@link QueryValidationException} with pointers when it is not of that shape. */
    public static Map<String, CubeGrant> parse(JsonNode doc) {
        List<QueryError> errors = new ArrayList<>();
        Map<String, CubeGrant> out = new LinkedHashMap<>();
        if (doc == null || !doc.isObject()) {
            throw new QueryValidationException("",
                    "a restriction is an object: {\"cube\": {\"hierarchy.level\": [values]}} or {\"cube\": \"all\"}");
        }
        for (Map.Entry<String, JsonNode> e : doc.properties()) {
            CubeGrant grant = cubeGrant(e.getValue(), "/" + QueryValidator.escape(e.getKey()), errors);
            if (grant != null) {
                out.put(e.getKey(), grant);
            }
        }
        if (!errors.isEmpty()) {
            throw new QueryValidationException(errors);
        }
        return out;
    }

    /** {@code "all"}, or an object of level to the values allowed; null (with a problem) for anything else. */
    private static CubeGrant cubeGrant(JsonNode v, String ptr, List<QueryError> errors) {
        if (v.isTextual() && v.textValue().equals("all")) {
            return CubeGrant.ALL;
        }
        if (!v.isObject()) {
            errors.add(new QueryError(ptr, "a cube's restriction is \"all\" or an object of level to values"));
            return null;
        }
        Map<String, List<Object>> levels = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> l : v.properties()) {
            String lptr = ptr + "/" + QueryValidator.escape(l.getKey());
            if (l.getValue().isArray()) {
                levels.put(l.getKey(), values(l.getValue(), lptr, errors));
            } else {
                errors.add(new QueryError(lptr, "allowed values are a JSON array"));
            }
        }
        return new CubeGrant.Conditions(levels);
    }

    private static List<Object> values(JsonNode array, String ptr, List<QueryError> errors) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode x = array.get(i);
            if (x.isNull()) {
                values.add(null);
            } else if (x.isTextual()) {
                values.add(x.textValue());
            } else if (x.isNumber()) {
                values.add(x.numberValue());
            } else if (x.isBoolean()) {
                values.add(x.booleanValue());
            } else {
                errors.add(new QueryError(ptr + "/" + i, "a value is a string, number, boolean or null"));
            }
        }
        return values;
    }

    public static ObjectNode toJson(Map<String, CubeGrant> grants) {
        ObjectNode doc = JSON.objectNode();
        grants.forEach((cube, grant) -> {
            if (grant instanceof CubeGrant.Conditions c) {
                ObjectNode levels = doc.putObject(cube);
                c.levels().forEach((level, values) -> {
                    ArrayNode arr = levels.putArray(level);
                    values.forEach(v -> arr.add(scalar(v)));
                });
            } else {
                doc.put(cube, "all");
            }
        });
        return doc;
    }

    static JsonNode scalar(Object v) {
        if (v == null) {
            return JSON.nullNode();
        }
        if (v instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return JSON.numberNode(((Number) v).longValue());
        }
        if (v instanceof BigInteger b) {
            return JSON.numberNode(b);
        }
        if (v instanceof BigDecimal b) {
            return JSON.numberNode(b);
        }
        if (v instanceof Number n) {
            return JSON.numberNode(n.doubleValue());
        }
        return JSON.textNode(v.toString());
    }
}
