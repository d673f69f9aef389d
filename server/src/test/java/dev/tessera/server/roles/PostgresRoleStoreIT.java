package dev.tessera.server.roles;

import static org.assertj.core.api.Assertions.fail;

import io.dropwizard.db.DataSourceFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The role store on a real PostgreSQL server, as several replicas would share it. {@code .ci/run} starts one with
 * {@code scripts/start-test-postgres.sh}; {@code TESSERA_TEST_POSTGRES_URL} points elsewhere. No server means a
 * failure, not a skip: the suite must really run on PostgreSQL.
 */
class PostgresRoleStoreIT extends RoleStoreContract {

    private static final String URL = System.getenv().getOrDefault("TESSERA_TEST_POSTGRES_URL",
            "jdbc:postgresql://localhost:5432/tessera_test");

    @Override
    protected DataSourceFactory emptyDatabase() throws Exception {
        try (Connection connection = DriverManager.getConnection(URL, "tessera", "tessera");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS public CASCADE");
            statement.execute("CREATE SCHEMA public");
        } catch (SQLException e) {
            fail("No PostgreSQL at " + URL + " (user tessera/tessera): run scripts/start-test-postgres.sh. " + e.getMessage());
        }
        DataSourceFactory database = new DataSourceFactory();
        database.setDriverClass("org.postgresql.Driver");
        database.setUrl(URL);
        database.setUser("tessera");
        database.setPassword("tessera");
        return database;
    }
}
