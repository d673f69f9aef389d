package dev.tessera.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tessera.cube.duckdb.EngineConfig;
import dev.tessera.cube.model.CubeDefinition;
import dev.tessera.server.config.AuthConfig;
import dev.tessera.server.config.NoStoreListener;
import dev.tessera.server.config.ValidCubes;
import dev.tessera.server.store.EmbeddedStoreUrl;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** config.yml: Dropwizard's own keys plus {@code database}, {@code auth}, {@code engine} and {@code cubes}. */
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

    /** The embedded DuckDB engine and the tables it loads at start. */
    @NotNull
    @JsonProperty
    private EngineConfig engine = EngineConfig.defaults();

    /** Cube definitions over the engine's tables; checked by {@code check config.yml} and at start. */
    @NotNull
    @ValidCubes
    @JsonProperty
    private List<CubeDefinition> cubes = new ArrayList<>();

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

    public EngineConfig getEngine() {
        return engine;
    }

    public List<CubeDefinition> getCubes() {
        return cubes;
    }

    public String getDataDirectory() {
        return dataDirectory;
    }
}
