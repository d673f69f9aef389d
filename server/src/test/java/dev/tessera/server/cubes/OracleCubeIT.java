package dev.tessera.server.cubes;

import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;

/**
 * What the cube ITs checked against an oracle hold between their tests: the client on their app, with one user
 * signed up, and the separate DuckDB that answers the same questions in hand-written SQL. Each IT's
 * {@code connect(app)} calls {@link #open}; its Trino twin calls the same {@code connect} with the Trino app. The ITs
 * run one class at a time (one fork, no parallel classes), so one pair of fields serves them all, as it already
 * served each IT and its twin.
 */
abstract class OracleCubeIT {

    static TestClient client;
    static Connection duck;

    /** The client on this app, the user created with ROLE_USER, and the oracle over these CSV tables. */
    static void open(DropwizardAppExtension<TesseraConfiguration> app, String user, String... oracleTables) {
        client = TesseraTestApp.client(app);
        CubeTesting.createUser(client, user, "ROLE_USER");
        duck = CubeTesting.oracle(oracleTables);
    }

    /** Also after a Trino twin skipped in its set-up, when this class's oracle was never opened. */
    @AfterAll
    static void closeOracle() throws SQLException {
        if (duck != null) {
            duck.close();
            duck = null;
        }
    }
}
