package dev.tessera.server.cubes;

import dev.tessera.cube.engine.EngineFactory;
import dev.tessera.cube.engine.QueryEngine;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The configured engines, built by their factories, and stopped together. */
public final class CubeEngines {
    private static final Logger LOG = LoggerFactory.getLogger(CubeEngines.class);

    private CubeEngines() {
    }

    /** Each entry of {@code engines:} built, in config order; none started yet. */
    public static Map<String, QueryEngine> build(Map<String, EngineFactory> factories) {
        Map<String, QueryEngine> engines = new LinkedHashMap<>();
        factories.forEach((name, factory) -> engines.put(name, factory.build(name)));
        return engines;
    }

    /** Stops each engine; one that fails to stop is logged and the others are still stopped. */
    public static void stopAll(Collection<QueryEngine> engines) {
        for (QueryEngine engine : engines) {
            try {
                engine.stop();
            } catch (Exception e) {
                LOG.warn("an engine did not stop cleanly", e);
            }
        }
    }
}
