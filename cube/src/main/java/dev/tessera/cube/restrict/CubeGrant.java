package dev.tessera.cube.restrict;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one role says about one cube, as an admin writes it: {@code "all"} (the whole cube, for a fail-closed
 * cube) or conditions {@code {"geo.country": ["France"]}}, i.e. level ref to the allowed values
 * (JSON scalars: String, Number, Boolean or null).
 */
public sealed interface CubeGrant {

    CubeGrant ALL = new All();

    record All() implements CubeGrant {
    }

    record Conditions(Map<String, List<Object>> levels) implements CubeGrant {
        public Conditions {
            levels = Collections.unmodifiableMap(new LinkedHashMap<>(levels));
        }
    }
}
