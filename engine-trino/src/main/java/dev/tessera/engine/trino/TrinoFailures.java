package dev.tessera.engine.trino;

import dev.tessera.cube.EngineAccessDeniedException;
import dev.tessera.cube.EngineUnavailableException;
import dev.tessera.cube.QueryFailedException;
import dev.tessera.cube.QueryTimeoutException;
import dev.tessera.cube.engine.Jdbc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;

/**
 * What a trino-jdbc failure means to the person asking: Trino unreachable, or refusing the service account, is the
 * engine being unavailable (503, naming the engine); the signed-in user denied by Trino's access control is a 403;
 * a cancelled statement a timeout; anything else the engine refusing the statement.
 */
final class TrinoFailures {
    /** Trino's error code for access denied (StandardErrorCode.PERMISSION_DENIED). */
    private static final int PERMISSION_DENIED = 4;
    /** Trino's error codes from here up to the external ones are "insufficient resources": busy, not wrong. */
    private static final int INSUFFICIENT_RESOURCES = 0x0002_0000;
    private static final int EXTERNAL = 0x0100_0000;

    private final String engine;
    private final String serviceAccount;

    TrinoFailures(String engine, String serviceAccount) {
        this.engine = engine;
        this.serviceAccount = serviceAccount;
    }

    RuntimeException of(Throwable cause, Duration timeout) {
        if (cause instanceof SQLTimeoutException) {
            return new QueryTimeoutException(timeout);
        }
        if (!(cause instanceof SQLException e)) {
            return cause instanceof RuntimeException re ? re : new QueryFailedException("the query failed: " + cause, cause);
        }
        String msg = Jdbc.firstLine(e.getMessage());
        if (unreachable(e)) {
            return unavailable("cannot be reached: " + networkReason(e), e);
        }
        if (msg.startsWith("Authentication failed")) {
            return unavailable("refused the service account '" + serviceAccount + "': " + msg, e);
        }
        if (e.getErrorCode() == PERMISSION_DENIED && msg.contains("cannot impersonate")) {
            return unavailable("does not let the service account '" + serviceAccount + "' act as the signed-in user: "
                    + reason(msg), e);
        }
        if (e.getErrorCode() == PERMISSION_DENIED) {
            return new EngineAccessDeniedException("engine '" + engine + "' (Trino) denied the query: " + reason(msg), e);
        }
        if (e.getErrorCode() >= INSUFFICIENT_RESOURCES && e.getErrorCode() < EXTERNAL) {
            return unavailable("is out of resources: " + reason(msg), e);
        }
        return new QueryFailedException("the engine refused the statement: " + reason(msg), e);
    }

    EngineUnavailableException unavailable(String what, Throwable cause) {
        return new EngineUnavailableException("engine '" + engine + "' (Trino) " + what, cause);
    }

    /** Connection refused, reset, timed out, DNS: an I/O failure anywhere in the chain. */
    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException) {
                return true;
            }
        }
        return Jdbc.firstLine(e.getMessage()).startsWith("Error executing query") || Jdbc.firstLine(e.getMessage())
                .startsWith("Error fetching");
    }

    /** The innermost I/O failure's own words ("Failed to connect to host/1.2.3.4:8443"), not a Java class name. */
    private static String networkReason(Throwable e) {
        String reason = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException && t.getMessage() != null) {
                reason = t.getMessage();
            }
        }
        return reason == null ? "the connection failed" : Jdbc.firstLine(reason);
    }

    /** "Query failed (#20261128_..._00004): line 1:8: ..." without the query id prefix. */
    private static String reason(String msg) {
        int colon = msg.startsWith("Query failed (#") ? msg.indexOf("): ") : -1;
        return colon < 0 ? msg : msg.substring(colon + 3);
    }
}
