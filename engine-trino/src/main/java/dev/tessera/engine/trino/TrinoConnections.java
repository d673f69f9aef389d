package dev.tessera.engine.trino;

import dev.tessera.cube.engine.QueryEngine;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens trino-jdbc connections as the service account, in the configured catalog and schema, and, with
 * {@code runAsSignedInUser}, with the signed-in user as Trino's session user. A connection is a light HTTP client
 * (the driver shares one pool); each statement gets its own, so a session user never leaks to another's query.
 */
final class TrinoConnections {
    /** What Trino's query list ({@code system.runtime.queries.source}) shows for Tessera's statements. */
    static final String SOURCE = "tessera";

    private final TrinoEngineFactory config;
    private final String jdbcUrl;

    TrinoConnections(TrinoEngineFactory config) {
        this.config = config;
        URI uri = URI.create(config.url());
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        this.jdbcUrl = "jdbc:trino://" + uri.getHost() + ":" + port;
    }

    /** A connection whose statements run as {@code user} (or as the service account, see {@link #sessionUser}). */
    Connection open(String user) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, properties(sessionUser(user)));
    }

    /** The signed-in user with runAsSignedInUser, else none (the service account itself); start-up runs as itself. */
    String sessionUser(String user) {
        if (!config.runAsSignedInUser() || user == null || user.isEmpty() || QueryEngine.STARTUP_USER.equals(user)) {
            return null;
        }
        return user;
    }

    private Properties properties(String sessionUser) {
        Properties p = new Properties();
        p.setProperty("user", config.user());
        if (config.password() != null) {
            p.setProperty("password", config.password());
        }
        if (config.accessToken() != null) {
            p.setProperty("accessToken", config.accessToken());
        }
        if (config.url().startsWith("https://")) {
            p.setProperty("SSL", "true");
            p.setProperty("SSLVerification", config.sslVerification().name());
            if (config.trustStorePath() != null) {
                p.setProperty("SSLTrustStorePath", config.trustStorePath());
            }
            if (config.trustStorePassword() != null) {
                p.setProperty("SSLTrustStorePassword", config.trustStorePassword());
            }
        }
        p.setProperty("catalog", config.catalog());
        p.setProperty("schema", config.schema());
        p.setProperty("source", SOURCE);
        if (sessionUser != null) {
            p.setProperty("sessionUser", sessionUser);
        }
        return p;
    }
}
