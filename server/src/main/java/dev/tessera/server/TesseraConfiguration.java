package dev.tessera.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tessera.cube.duckdb.EngineConfig;
import dev.tessera.cube.model.CubeDefinition;
import dev.tessera.server.config.AuthConfig;
import dev.tessera.server.config.ValidCubes;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.DataSizeUnit;
import io.dropwizard.validation.MinDataSize;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;

/**
 * config.yml: Dropwizard's own keys plus {@code database}, {@code auth}, {@code engine}, {@code cubes} and
 * {@code maxRequestBodySize}.
 */
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
    @Valid
    @NotNull
    @JsonProperty
    private EngineConfig engine = EngineConfig.defaults();

    /** Cube definitions over the engine's tables; checked by {@code check config.yml} and at start. */
    @NotNull
    @ValidCubes
    @JsonProperty
    private List<CubeDefinition> cubes = new ArrayList<>();

    /** The largest request body accepted (413 past it), whatever the endpoint; a cube query is a few KiB. */
    @NotNull
    @MinDataSize(value = 1, unit = DataSizeUnit.KIBIBYTES)
    @JsonProperty
    private DataSize maxRequestBodySize = DataSize.mebibytes(1);

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

    public DataSize getMaxRequestBodySize() {
        return maxRequestBodySize;
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
