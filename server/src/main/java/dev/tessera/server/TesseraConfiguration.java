package dev.tessera.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tessera.cube.duckdb.EngineConfig;
import dev.tessera.cube.model.CubeDefinition;
import dev.tessera.server.config.AuthConfig;
import dev.tessera.server.config.ValidCubes;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;

/** config.yml: Dropwizard's own keys plus {@code database}, {@code auth}, {@code engine} and {@code cubes}. */
public class TesseraConfiguration extends Configuration {

    @Valid
    @NotNull
    @JsonProperty
    private DataSourceFactory database = embeddedDatabase();

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

    public DataSourceFactory getDatabase() {
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

    private static DataSourceFactory embeddedDatabase() {
        DataSourceFactory factory = new DataSourceFactory();
        factory.setDriverClass("org.h2.Driver");
        // AUTO_SERVER lets the CLI (users, roles) open the store while the server has it open.
        factory.setUrl("jdbc:h2:file:./data/tessera;AUTO_SERVER=TRUE");
        factory.setUser("tessera");
        factory.setPassword("");
        return factory;
    }
}
