package dev.tessera.cube.engine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An executed statement's rows, read on the caller's thread. Holds the user's query slot until closed.
 */
public final class Cursor implements AutoCloseable {
    private final Connection connection;
    private final Statement statement;
    private final ResultSet resultSet;
    private final Runnable release;

    /** {@code release} frees the user's slot; it runs once the rows, statement and connection are closed. */
    public Cursor(Connection connection, Statement statement, ResultSet resultSet, Runnable release) {
        this.connection = connection;
        this.statement = statement;
        this.resultSet = resultSet;
        this.release = release;
    }

    public ResultSet resultSet() {
        return resultSet;
    }

    @Override
    public void close() {
        try {
            Jdbc.closeQuietly(resultSet);
            Jdbc.closeQuietly(statement);
            Jdbc.closeQuietly(connection);
        } finally {
            release.run();
        }
    }

    /** Reads rows from the cursor; SQLExceptions surface as the engine's typed exceptions. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }
}
