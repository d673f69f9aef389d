package dev.tessera.server.roles;

import static org.assertj.core.api.Assertions.fail;

import io.dropwizard.db.DataSourceFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Saved queries on a real PostgreSQL server ({@code scripts/start-test-postgres.sh}; {@code TESSERA_TEST_POSTGRES_URL}
 * points elsewhere). A schema of its own, so it never drops the tables another store test is using.
 */
class PostgresSavedQueryStoreIT extends SavedQueryStoreContract {

    private static final String URL = System.getenv().getOrDefault("TESSERA_TEST_POSTGRES_URL",
            "jdbc:postgresql://localhost:5432/tessera_test");
    private static final String SCHEMA = "saved_queries_it";

    @Override
    protected DataSourceFactory emptyDatabase() throws Exception {
        try (Connection connection = DriverManager.getConnection(URL, "tessera", "tessera");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            statement.execute("CREATE SCHEMA " + SCHEMA);
        } catch (SQLException e) {
            fail("No PostgreSQL at " + URL + " (user tessera/tessera): run scripts/start-test-postgres.sh. " + e.getMessage());
        }
        DataSourceFactory database = new DataSourceFactory();
        database.setDriverClass("org.postgresql.Driver");
        database.setUrl(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
        database.setUser("tessera");
        database.setPassword("tessera");
        return database;
    }
}
