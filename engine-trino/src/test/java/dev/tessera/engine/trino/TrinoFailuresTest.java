package dev.tessera.engine.trino;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.cube.EngineAccessDeniedException;
import dev.tessera.cube.EngineUnavailableException;
import dev.tessera.cube.QueryFailedException;
import dev.tessera.cube.QueryTimeoutException;
import dev.tessera.cube.model.DataType;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What each trino-jdbc failure (as the real driver words them) becomes for the person asking. */
class TrinoFailuresTest {

    private final TrinoFailures failures = new TrinoFailures("warehouse", "tessera");
    private final Duration timeout = Duration.ofSeconds(5);

    @Test
    void trinoUnreachableIsUnavailableNamingTheEngineInPlainWords() {
        SQLException e = new SQLException("Error executing query: java.net.ConnectException: Failed to connect to trino/10.0.0.5:8443",
                new UncheckedIOException(new ConnectException("Failed to connect to trino/10.0.0.5:8443")));
        RuntimeException meaning = failures.of(e, timeout);
        assertThat(meaning).isInstanceOf(EngineUnavailableException.class)
                .hasMessage("engine 'warehouse' (Trino) cannot be reached: Failed to connect to trino/10.0.0.5:8443");
    }

    @Test
    void aRefusedServiceAccountIsUnavailableNamingTheAccount() {
        RuntimeException meaning = failures.of(new SQLException("Authentication failed: Access Denied: Invalid credentials"), timeout);
        assertThat(meaning).isInstanceOf(EngineUnavailableException.class)
                .hasMessage("engine 'warehouse' (Trino) refused the service account 'tessera': Authentication failed: "
                        + "Access Denied: Invalid credentials");
    }

    @Test
    void impersonationRefusedIsUnavailableButTheUserDeniedIsForbidden() {
        assertThat(failures.of(new SQLException("Query failed (#20261128_1): Access Denied: User tessera cannot impersonate "
                + "user ann", null, 4), timeout)).isInstanceOf(EngineUnavailableException.class)
                .hasMessageContaining("does not let the service account 'tessera' act as the signed-in user");
        assertThat(failures.of(new SQLException("Query failed (#20261128_2): Access Denied: Cannot access catalog memory",
                null, 4), timeout)).isInstanceOf(EngineAccessDeniedException.class)
                .hasMessage("engine 'warehouse' (Trino) denied the query: Access Denied: Cannot access catalog memory");
    }

    @Test
    void aCancelledStatementIsATimeoutAndAnythingElseTheStatementRefused() {
        assertThat(failures.of(new SQLTimeoutException("abandoned"), timeout)).isInstanceOf(QueryTimeoutException.class);
        assertThat(failures.of(new SQLException("Query failed (#20261128_3): line 1:8: Column 'x' cannot be resolved", null, 47),
                timeout)).isInstanceOf(QueryFailedException.class)
                .hasMessage("the engine refused the statement: line 1:8: Column 'x' cannot be resolved");
        assertThat(failures.of(new SQLException("Query failed (#4): Query exceeded per-node memory limit", null, 0x0002_0001),
                timeout)).isInstanceOf(EngineUnavailableException.class).hasMessageContaining("out of resources");
    }

    @Test
    void theDialectPagesAsTrinoDoesAndNeverApproximatesDistinctCounts() {
        TrinoDialect dialect = TrinoDialect.INSTANCE;
        assertThat(dialect.limitOffset()).isEqualTo("OFFSET ? LIMIT ?");
        assertThat(dialect.offsetBeforeLimit()).isTrue();
        assertThat(dialect.groupingTakesColumnsOnly()).isTrue();
        assertThat(dialect.countDistinct("\"orders\".\"customer\"")).isEqualTo("COUNT(DISTINCT \"orders\".\"customer\")");
        assertThat(dialect.modelType("varchar(20)")).isEqualTo(DataType.STRING);
        assertThat(dialect.modelType("decimal(38,2)")).isEqualTo(DataType.DECIMAL);
        assertThat(dialect.modelType("timestamp(3)")).isEqualTo(DataType.TIMESTAMP);
    }
}
