package dev.tessera.engine.trino;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.tessera.cube.engine.EngineFactory;
import dev.tessera.cube.engine.QueryCaps;
import dev.tessera.cube.engine.QueryEngine;
import dev.tessera.cube.query.QueryLimits;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * {@code type: trino} under {@code engines:}: cubes over a Trino cluster's tables in one catalog and schema.
 * <ul>
 *   <li>{@code url}: {@code https://trino.example.com:8443} ({@code http://} only without a password);</li>
 *   <li>{@code catalog}, {@code schema}: where the cubes' tables are;</li>
 *   <li>{@code user} and {@code password} (from {@code ${ENV}}), or {@code accessToken}: the service account;</li>
 *   <li>{@code trustStorePath}, {@code trustStorePassword}: the CA of a private certificate;
 *       {@code sslVerification}: {@code FULL} (default), {@code CA} (no host name check) or {@code NONE};</li>
 *   <li>{@code runAsSignedInUser} (false): each query runs as the signed-in user, the service account
 *       impersonating, so Trino's own access control applies to that user;</li>
 *   <li>{@code retryInterval} (10s): while Trino cannot be reached (at start too), how often to try again;</li>
 *   <li>{@code maxRows}, {@code csvMaxRows}, {@code queryTimeout}, {@code maxConcurrentQueriesPerUser},
 *       {@code maxConcurrentQueries} (statements sent at once, default 8), {@code maxRunningQueriesPerUser} and
 *       {@code queryLimits}: as for DuckDB.</li>
 * </ul>
 * The password and token never appear in {@link #toString()} or the logs.
 */
@JsonTypeName("trino")
public final class TrinoEngineFactory implements EngineFactory {

    /** How certificates are checked, as trino-jdbc's {@code SSLVerification} names it. */
    public enum SslVerification { FULL, CA, NONE }

    @NotBlank
    @Pattern(regexp = "https?://[^/?#]+/?", message = "must be http(s)://host:port")
    @JsonProperty
    private String url;

    @NotBlank
    @JsonProperty
    private String catalog;

    @NotBlank
    @JsonProperty
    private String schema;

    @NotBlank
    @JsonProperty
    private String user;

    @JsonProperty
    private String password;

    @JsonProperty
    private String accessToken;

    @JsonProperty
    private String trustStorePath;

    @JsonProperty
    private String trustStorePassword;

    @NotNull
    @JsonProperty
    private SslVerification sslVerification = SslVerification.FULL;

    @JsonProperty
    private boolean runAsSignedInUser;

    @NotNull
    @JsonProperty
    private Duration retryInterval = Duration.seconds(10);

    @Min(1)
    @JsonProperty
    private int maxRows = 100_000;

    @Min(1)
    @JsonProperty
    private int csvMaxRows = 1_000_000;

    @NotNull
    @JsonProperty
    private Duration queryTimeout = Duration.seconds(30);

    @Min(1)
    @JsonProperty
    private int maxConcurrentQueriesPerUser = 4;

    @Min(1)
    @JsonProperty
    private int maxConcurrentQueries = 8;

    @Min(1)
    @JsonProperty
    private Integer maxRunningQueriesPerUser;

    @Valid
    @NotNull
    @JsonProperty
    private QueryLimits queryLimits = QueryLimits.DEFAULTS;

    @Override
    public QueryEngine build(String name) {
        return new TrinoEngine(name, this);
    }

    @ValidationMethod(message = "give the service account a password or an accessToken, not both")
    @JsonIgnore
    public boolean isOneCredential() {
        return password == null || accessToken == null;
    }

    @ValidationMethod(message = "a password is only sent over https: url must start with https://")
    @JsonIgnore
    public boolean isPasswordOverTls() {
        return password == null || accessToken != null || url == null || url.startsWith("https://");
    }

    @ValidationMethod(message = "maxRunningQueriesPerUser must not exceed maxConcurrentQueries")
    @JsonIgnore
    public boolean isRunningShareWithinWorkers() {
        return maxRunningQueriesPerUser == null || maxRunningQueriesPerUser <= maxConcurrentQueries;
    }

    String url() {
        return url;
    }

    String catalog() {
        return catalog;
    }

    String schema() {
        return schema;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    String accessToken() {
        return accessToken;
    }

    String trustStorePath() {
        return trustStorePath;
    }

    String trustStorePassword() {
        return trustStorePassword;
    }

    SslVerification sslVerification() {
        return sslVerification;
    }

    boolean runAsSignedInUser() {
        return runAsSignedInUser;
    }

    java.time.Duration retryInterval() {
        return java.time.Duration.ofMillis(retryInterval.toMilliseconds());
    }

    int maxConcurrentQueriesPerUser() {
        return maxConcurrentQueriesPerUser;
    }

    int maxConcurrentQueries() {
        return maxConcurrentQueries;
    }

    /** Default: all but one of the statements sent at once, at least one. */
    int maxRunningQueriesPerUser() {
        return maxRunningQueriesPerUser == null ? Math.max(1, maxConcurrentQueries - 1) : maxRunningQueriesPerUser;
    }

    QueryCaps caps() {
        return new QueryCaps(maxRows, csvMaxRows, java.time.Duration.ofMillis(queryTimeout.toMilliseconds()), queryLimits);
    }

    /** Where and as whom, never the secrets. */
    @Override
    public String toString() {
        return "trino " + url + " catalog " + catalog + " schema " + schema + " as " + user
                + (runAsSignedInUser ? " (impersonating the signed-in user)" : "");
    }
}
