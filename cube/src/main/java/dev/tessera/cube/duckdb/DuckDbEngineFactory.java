package dev.tessera.cube.duckdb;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.tessera.cube.engine.EngineFactory;
import dev.tessera.cube.engine.QueryEngine;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * {@code type: duckdb} under {@code engines:}: the embedded DuckDB, with exactly the keys of the single
 * {@code engine:} block ({@link EngineConfig}).
 */
@JsonTypeName("duckdb")
public final class DuckDbEngineFactory implements EngineFactory {
    @Valid
    @NotNull
    private final EngineConfig config;

    /** The keys beside {@code type:} are read as an {@link EngineConfig}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public DuckDbEngineFactory(EngineConfig config) {
        this.config = config == null ? EngineConfig.defaults() : config;
    }

    @JsonValue
    public EngineConfig config() {
        return config;
    }

    @Override
    public QueryEngine build(String name) {
        return new DuckDbEngine(config);
    }
}
