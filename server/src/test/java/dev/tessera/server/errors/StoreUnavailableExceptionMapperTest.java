package dev.tessera.server.errors;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.sql.SQLException;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

class StoreUnavailableExceptionMapperTest {

    private final StoreUnavailableExceptionMapper mapper = new StoreUnavailableExceptionMapper();

    @Test
    void anUnreachableStoreIs503WithRetryAfter() {
        for (Exception down : new Exception[] {
                new ConnectionException(new SQLException("Connection refused", "08001")),
                new UnableToExecuteStatementException(new SQLException("I/O error", "08006"), null),
                new UnableToExecuteStatementException(new ConnectException("refused"), null)}) {
            Response response = mapper.toResponse((JdbiException) down);
            assertThat(response.getStatus()).as(down.toString()).isEqualTo(503);
            assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
            assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        }
    }

    @Test
    void aBrokenStatementIsA500WithoutInternals() {
        Response response = mapper.toResponse(
                new UnableToExecuteStatementException(new SQLException("syntax error at or near SELEC", "42601"), null));
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(((Problem) response.getEntity()).detail()).doesNotContain("SELEC").contains("error id");
    }
}
