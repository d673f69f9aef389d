package dev.tessera.cube;

import dev.tessera.cube.query.ColumnDescriptor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Turns a query's answer into the bytes of a wire format (an Arrow stream), once, for the result cache to keep:
 * from the engine's result set when the format can read it directly (DuckDB's Arrow export), else from the rows.
 */
public interface AnswerEncoder {

    /** The whole answer, encoded; an encoding failure is unchecked (it is the server's bug, not the caller's). */
    byte[] encode(QueryResult answer);

    /**
     * The answer encoded straight from the engine's result set, without row objects: at most {@code limit} rows of
     * {@code columns} (the statement asked for one more, to tell whether more exist). Null when this result set
     * cannot be read that way; it must then not have moved the cursor, and the rows are read and {@link #encode}d.
     */
    default byte[] encodeFromEngine(ResultSet rs, List<ColumnDescriptor> columns, int limit, int offset) throws SQLException {
        return null;
    }
}
