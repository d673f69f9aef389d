package dev.tessera.cube.duckdb;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done on each version of the data before it is served (building aggregate tables beside the facts): on the
 * version served when it is installed, then on every reload's candidate. Should it fail, the reload fails and the
 * data served stays as it was.
 */
@FunctionalInterface
public interface GenerationPreparer {

    /** Prepares the database of data version {@code dataVersion}; nothing reads it yet except this call. */
    void prepare(Connection database, long dataVersion) throws SQLException;
}
