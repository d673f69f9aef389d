package dev.tessera.server.engines;

import dev.tessera.cube.engine.QueryEngine;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The server's engines by name, in config order; the embedded one of the {@code engine:} block is "default". */
public final class EngineRegistry {
    /** The name of the engine {@code engine:} in config.yml describes. */
    public static final String DEFAULT = "default";

    private final Map<String, QueryEngine> engines;

    public EngineRegistry(Map<String, QueryEngine> engines) {
        this.engines = Collections.unmodifiableMap(new LinkedHashMap<>(engines));
    }

    public static EngineRegistry single(QueryEngine engine) {
        return new EngineRegistry(Map.of(DEFAULT, engine));
    }

    public Optional<QueryEngine> engine(String name) {
        return Optional.ofNullable(engines.get(name));
    }

    public Map<String, QueryEngine> all() {
        return engines;
    }
}
