package dev.tessera.client;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.Text;
import org.jspecify.annotations.Nullable;

/**
 * A query's answer as an Arrow IPC stream, read batch by batch into {@link #root()} without parsing text. Each
 * field's metadata says its Tessera column ({@code tessera.kind}, {@code tessera.type}); the schema's says the
 * page ({@code tessera.page.truncated}, ...). Totals are marked as in JSON, by the {@code _grouping} column (Int64).
 * Close it: it holds off-heap memory and the HTTP body.
 */
public final class ArrowAnswer implements AutoCloseable {

    private final BufferAllocator allocator;
    private final ArrowStreamReader reader;

    ArrowAnswer(InputStream body) {
        this.allocator = new RootAllocator();
        this.reader = new ArrowStreamReader(body, allocator);
    }

    /** The batch last loaded; its schema is readable before the first {@link #loadNextBatch()}. */
    public VectorSchemaRoot root() throws IOException {
        return reader.getVectorSchemaRoot();
    }

    /** Loads the next batch into {@link #root()}; false at the end of the stream. */
    public boolean loadNextBatch() throws IOException {
        return reader.loadNextBatch();
    }

    /** The columns as the JSON answer names them, from the Arrow fields' metadata. */
    public List<Column> columns() throws IOException {
        List<Column> columns = new ArrayList<>();
        for (Field field : root().getSchema().getFields()) {
            Map<String, String> meta = field.getMetadata();
            columns.add(new Column(field.getName(), meta.getOrDefault("tessera.kind", ""), meta.getOrDefault("tessera.type", "")));
        }
        return columns;
    }

    /** The page, from the schema's metadata. */
    public QueryAnswer.Page page() throws IOException {
        Map<String, String> meta = root().getSchema().getCustomMetadata();
        return new QueryAnswer.Page(Integer.parseInt(meta.getOrDefault("tessera.page.limit", "0")),
                Integer.parseInt(meta.getOrDefault("tessera.page.offset", "0")),
                Integer.parseInt(meta.getOrDefault("tessera.page.returned", "0")),
                Boolean.parseBoolean(meta.getOrDefault("tessera.page.truncated", "false")));
    }

    /** Reads the remaining batches into typed rows, the same values and types as {@link TesseraClient#query}. */
    public QueryAnswer toAnswer() throws IOException {
        List<Column> columns = columns();
        Map<String, Integer> index = QueryAnswer.index(columns);
        List<Row> rows = new ArrayList<>();
        VectorSchemaRoot root = root();
        while (loadNextBatch()) {
            for (int r = 0; r < root.getRowCount(); r++) {
                @Nullable Object[] values = new Object[columns.size()];
                for (int c = 0; c < values.length; c++) {
                    values[c] = value(root.getVector(c), r);
                }
                rows.add(new Row(Arrays.asList(values), index));
            }
        }
        return new QueryAnswer(columns, rows, page());
    }

    private static @Nullable Object value(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        if (vector instanceof DateDayVector days) {
            return LocalDate.ofEpochDay(days.get(row));
        }
        Object value = vector.getObject(row);
        return value instanceof Text text ? text.toString() : value;
    }

    @Override
    public void close() throws IOException {
        try {
            reader.close();
        } finally {
            allocator.close();
        }
    }
}
