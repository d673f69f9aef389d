package dev.tessera.server.arrow;

import dev.tessera.cube.AnswerEncoder;
import dev.tessera.cube.QueryResult;
import dev.tessera.cube.query.ColumnDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Writes a query's answer as an Arrow IPC stream: one field per answer column, in order, typed as
 * {@link ArrowColumns} says, with the column's kind and type in the field's metadata ({@code tessera.kind},
 * {@code tessera.type}, and {@code tessera.note} where the column has one, e.g. a share) and the page in the
 * schema's ({@code tessera.page.limit}, {@code .offset}, {@code .returned}, {@code .truncated}). Built from the rows
 * the engine returned, so it works for any engine and carries exactly the rows, restrictions and totals
 *  ({@code _grouping}) of the JSON answer; on DuckDB,
 * {@link DuckDbArrowExport} builds the same stream from DuckDB's own Arrow export instead.
 */
public final class ArrowAnswerWriter {

    public static final String MEDIA_TYPE = "application/vnd.apache.arrow.stream";
    /** Rows per record batch: large enough that batch overhead vanishes, small enough to keep memory flat. */
    static final int BATCH_ROWS = 65_536;

    /**
     * One root for every answer's memory (each answer takes a child and closes it): a root per request cost a
     * reservation and a leak check each time.
     */
    private static final BufferAllocator ROOT = new RootAllocator();

    /** Streams encoded from DuckDB's Arrow export, and from rows (any engine, or a column the export does not send). */
    private static final LongAdder FROM_EXPORT = new LongAdder();
    private static final LongAdder FROM_ROWS = new LongAdder();

    private ArrowAnswerWriter() {}

    /** For {@code /metrics}: how many Arrow streams were encoded from DuckDB's Arrow export (cache hits not counted). */
    public static long encodedFromExport() {
        return FROM_EXPORT.sum();
    }

    /** For {@code /metrics}: how many Arrow streams were encoded from row objects (cache hits not counted). */
    public static long encodedFromRows() {
        return FROM_ROWS.sum();
    }

    /**
     * How the server encodes an Arrow answer: straight from DuckDB's Arrow export when the engine is DuckDB and every
     * column has a type that path sends, else from the rows (any engine).
     */
    public static AnswerEncoder encoder() {
        return new AnswerEncoder() {
            @Override
            public byte[] encode(QueryResult answer) {
                FROM_ROWS.increment();
                return ArrowAnswerWriter.encode(answer);
            }

            @Override
            public byte @Nullable [] encodeFromEngine(ResultSet rs, List<ColumnDescriptor> columns, int limit, int offset)
                    throws SQLException {
                byte[] stream = DuckDbArrowExport.encodeIfExportable(rs, columns, limit, offset);
                if (stream != null) {
                    FROM_EXPORT.increment();
                }
                return stream;
            }
        };
    }

    static BufferAllocator newAllocator(String name) {
        return ROOT.newChildAllocator(name, 0, Long.MAX_VALUE);
    }

    /** An answer column's field: its name, its type and {@link #fieldMetadata}. */
    static Field field(ColumnDescriptor column, ArrowType type) {
        return new Field(column.name(), new FieldType(true, type, null, fieldMetadata(column)), List.of());
    }

    /**
     * The whole stream as bytes, for the result cache to keep: a repeated request is then a copy of these bytes, not
     * a walk over the row objects again.
     */
    public static byte[] encode(QueryResult result) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(estimatedSize(result));
        try {
            write(result, out);
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array cannot fail to be written", e);
        }
        return out.toByteArray();
    }

    /** About 16 bytes a cell: the usual answer is written without the array growing more than once. */
    private static int estimatedSize(QueryResult result) {
        long cells = (long) result.rows().size() * Math.max(1, result.columns().size());
        return (int) Math.min(Integer.MAX_VALUE - 64, 4096 + 16 * cells);
    }

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
            fields.add(field(column, writer.arrowType()));
        }
        try (BufferAllocator allocator = newAllocator("rows");
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

    static Map<String, String> pageMetadata(QueryResult.Page page) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("tessera.page.limit", Integer.toString(page.limit()));
        meta.put("tessera.page.offset", Integer.toString(page.offset()));
        meta.put("tessera.page.returned", Integer.toString(page.returned()));
        meta.put("tessera.page.truncated", Boolean.toString(page.truncated()));
        return meta;
    }
}
