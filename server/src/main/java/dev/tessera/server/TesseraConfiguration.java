package dev.tessera.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tessera.cube.CubeService;
import dev.tessera.cube.duckdb.DuckDbEngineFactory;
import dev.tessera.cube.duckdb.EngineConfig;
import dev.tessera.cube.engine.EngineFactory;
import dev.tessera.cube.model.CubeDefinition;
import dev.tessera.server.config.AuthConfig;
import dev.tessera.server.config.KnownEngines;
import dev.tessera.server.config.NoStoreListener;
import dev.tessera.server.config.ResultCacheConfig;
import dev.tessera.server.config.ValidCubes;
import dev.tessera.server.store.EmbeddedStoreUrl;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.DataSizeUnit;
import io.dropwizard.validation.MinDataSize;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * config.yml: Dropwizard's own keys plus {@code database}, {@code auth}, {@code engine} or {@code engines},
 * {@code cubes} and {@code maxRequestBodySize}.
 */
@KnownEngines
public class TesseraConfiguration extends Configuration {

    /** The role store; by default the embedded H2 file {@code ./data/tessera}. */
    @Valid
    @NotNull
    @NoStoreListener
    @JsonProperty
    private DataSourceFactory database = EmbeddedStoreUrl.defaults(Path.of("./data"));

    @Valid
    @NotNull
    @JsonProperty
    private AuthConfig auth = new AuthConfig();

    /** The embedded DuckDB engine and the tables it loads at start: the engine named {@code default}. */
    @Valid
    @JsonProperty
    private EngineConfig engine;

    /** Named engines, each with a {@code type:} ({@code duckdb}, {@code trino}); instead of {@code engine:}. */
    @Valid
    @NotNull
    @JsonProperty
    private Map<String, @Valid @NotNull EngineFactory> engines = new LinkedHashMap<>();

    /** Cube definitions over the engine's tables; checked by {@code check config.yml} and at start. */
    @Valid
    @NotNull
    @ValidCubes
    @JsonProperty
    private List<CubeDefinition> cubes = new ArrayList<>();

    /** The largest request body accepted (413 past it), whatever the endpoint; a cube query is a few KiB. */
    @NotNull
    @MinDataSize(value = 1, unit = DataSizeUnit.KIBIBYTES)
    @JsonProperty
    private DataSize maxRequestBodySize = DataSize.mebibytes(1);

    /** Cube answers kept in memory and revalidated by ETag (README, "Result cache and conditional answers"). */
    @Valid
    @NotNull
    @JsonProperty
    private ResultCacheConfig resultCache = new ResultCacheConfig();

    /** Where the embedded store, the generated session key and the sample data live. */
    @NotBlank
    @JsonProperty
    private String dataDirectory = "./data";

    /** The role store as opened: an embedded H2 store writes each change to its file before it is answered. */
    public DataSourceFactory getDatabase() {
        EmbeddedStoreUrl.makeDurable(database);
        return database;
    }

    public AuthConfig getAuth() {
        return auth;
    }

    /** The single {@code engine:} block, or its defaults when there is none. */
    public EngineConfig getEngine() {
        return engine == null ? EngineConfig.defaults() : engine;
    }

    /** The engines by name: {@code engines:}, or else {@code engine:} (or its defaults) as {@code default}. */
    public Map<String, EngineFactory> getEngines() {
        if (engines.isEmpty()) {
            return Map.of(CubeService.DEFAULT_ENGINE, new DuckDbEngineFactory(getEngine()));
        }
        return engines;
    }

    /** Both blocks set: refused by {@link KnownEngines}, as which one is meant cannot be told. */
    public boolean hasBothEngineBlocks() {
        return engine != null && !engines.isEmpty();
    }

    public List<CubeDefinition> getCubes() {
        return cubes;
    }

    public DataSize getMaxRequestBodySize() {
        return maxRequestBodySize;
    }

    public ResultCacheConfig getResultCache() {
        return resultCache;
    }

    public String getDataDirectory() {
        return dataDirectory;
    }
}
