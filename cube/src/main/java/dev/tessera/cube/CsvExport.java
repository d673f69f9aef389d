package dev.tessera.cube;

import dev.tessera.cube.engine.Cursor;
import dev.tessera.cube.query.ColumnDescriptor;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A query already run and within the export cap, ready to stream as CSV. Obtained from
 * {@link CubeService#openCsv}, which throws the typed exceptions before any byte is written; the server
 * then streams {@link #writeTo(OutputStream)} and must {@link #close()} (it frees the user's query slot).
 */
public final class CsvExport implements AutoCloseable {
    private final Cursor cursor;
    private final List<ColumnDescriptor> columns;
    private final boolean hasFirstRow;

    CsvExport(Cursor cursor, List<ColumnDescriptor> columns, boolean hasFirstRow) {
        this.cursor = cursor;
        this.columns = columns;
        this.hasFirstRow = hasFirstRow;
    }

    public List<ColumnDescriptor> columns() {
        return columns;
    }

    /** Header row of column names, then every row; UTF-8, CRLF. Does not close {@code out}. */
    public void writeTo(OutputStream out) throws IOException {
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        CsvWriter csv = new CsvWriter(w);
        csv.header(columns.stream().map(ColumnDescriptor::name).toList());
        try {
            ResultSet rs = cursor.resultSet();
            Object[] row = new Object[columns.size()];
            if (hasFirstRow) {
                do {
                    ResultRows.readInto(rs, row);
                    csv.row(row);
                } while (rs.next());
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("reading the result failed: " + e.getMessage(), e));
        }
        w.flush();
    }

    @Override
    public void close() {
        cursor.close();
    }
}
