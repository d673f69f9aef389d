package dev.tessera.server.arrow;

import dev.tessera.cube.QueryResult;
import dev.tessera.cube.query.ColumnDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes a query's answer as an Arrow IPC stream: one field per answer column, in order, typed as
 * {@link ArrowColumns} says, with the column's kind and type in the field's metadata ({@code tessera.kind},
 * {@code tessera.type}, and {@code tessera.note} where the column has one, e.g. a share) and the page in the
 * schema's ({@code tessera.page.limit}, {@code .offset}, {@code .returned}, {@code .truncated}). Built from the rows
 * the engine returned, so it works for any engine and carries exactly the rows, restrictions and totals
 * ({@code _grouping}) of the JSON answer.
 */
public final class ArrowAnswerWriter {

    public static final String MEDIA_TYPE = "application/vnd.apache.arrow.stream";
    /** Rows per record batch: large enough that batch overhead vanishes, small enough to keep memory flat. */
    static final int BATCH_ROWS = 65_536;

    private ArrowAnswerWriter() {}

    /** The column's kind and type, and its note when it has one (a share says what it is a share of). */
    private static Map<String, String> fieldMetadata(ColumnDescriptor column) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("tessera.kind", column.kind().jsonName());
        metadata.put("tessera.type", column.type().jsonName());
        if (column.note() != null) {
            metadata.put("tessera.note", column.note());
        }
        return metadata;
    }

    public static void write(QueryResult result, OutputStream out) throws IOException {
        List<ArrowColumns.Writer> writers = new ArrayList<>();
        List<Field> fields = new ArrayList<>();
        for (int c = 0; c < result.columns().size(); c++) {
            ColumnDescriptor column = result.columns().get(c);
            ArrowColumns.Writer writer = ArrowColumns.writerFor(column, result.rows(), c);
            writers.add(writer);
            fields.add(new Field(column.name(), new FieldType(true, writer.arrowType(), null, fieldMetadata(column)), List.of()));
        }
        try (BufferAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields, pageMetadata(result.page())), allocator);
             ArrowStreamWriter stream = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
            stream.start();
            List<Object[]> rows = result.rows();
            for (int from = 0; from < rows.size() || from == 0; from += BATCH_ROWS) {
                int to = Math.min(rows.size(), from + BATCH_ROWS);
                root.allocateNew();
                for (int c = 0; c < writers.size(); c++) {
                    FieldVector vector = root.getVector(c);
                    writers.get(c).fill(vector, rows, from, to);
                    vector.setValueCount(to - from);
                }
                root.setRowCount(to - from);
                stream.writeBatch();
            }
            stream.end();
        }
    }

    private static Map<String, String> pageMetadata(QueryResult.Page page) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("tessera.page.limit", Integer.toString(page.limit()));
        meta.put("tessera.page.offset", Integer.toString(page.offset()));
        meta.put("tessera.page.returned", Integer.toString(page.returned()));
        meta.put("tessera.page.truncated", Boolean.toString(page.truncated()));
        return meta;
    }
}
