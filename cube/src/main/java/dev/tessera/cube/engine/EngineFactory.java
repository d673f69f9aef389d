package dev.tessera.cube.engine;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dropwizard.jackson.Discoverable;

/**
 * One entry of {@code engines:} in config.yml, pluggable the way the login backends are: an implementation carries
 * {@code @JsonTypeName("x")} and is listed in {@code META-INF/services/dev.tessera.cube.engine.EngineFactory}, so
 * a new engine is one module and one services file. {@code duckdb} (the embedded engine) and {@code trino} exist.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface EngineFactory extends Discoverable {

    /**
     * Builds the engine, not yet started. {@code name} is the engine's key in {@code engines:}; the engine names
     * itself with it in what it tells a person (a 503 says which engine is down).
     */
    QueryEngine build(String name);
}
