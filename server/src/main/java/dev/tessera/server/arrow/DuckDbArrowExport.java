package dev.tessera.server.arrow;

import dev.tessera.cube.QueryFailedException;
import dev.tessera.cube.QueryResult;
import dev.tessera.cube.query.ColumnDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBResultSet;
import org.jspecify.annotations.Nullable;

/**
 * An Arrow answer straight from DuckDB's own Arrow export ({@code arrowExportStream}, through Arrow's C data
 * interface): no JDBC read per cell, no row objects. DuckDB's vectors are moved into the answer's schema (names,
 * {@code tessera.*} metadata, Decimal128(38, s)) without copying where the layout is the same, and widened where
 * DuckDB's type is narrower than the answer's (INTEGER, HUGEINT and FLOAT columns). The page is known only once
 * every batch is read, and it goes in the schema, which comes first: so the batches are held until the end.
 */
final class DuckDbArrowExport {

    /** The DuckDB types this path sends, by answer type; a column of any other (ENUM, UUID, ...) takes the row path. */
    private static final Set<String> INTS = Set.of("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT");

    private DuckDbArrowExport() {}

    /**
     * Whether this result set is DuckDB's and every answer column has a type this path converts; checked before any
     * row is read, so the caller can still read rows when not.
     */
    static boolean canExport(ResultSet rs, List<ColumnDescriptor> columns) throws SQLException {
        if (!rs.isWrapperFor(DuckDBResultSet.class)) {
            return false;
        }
        ResultSetMetaData meta = rs.getMetaData();
        if (meta.getColumnCount() < columns.size()) {
            return false;
        }
        for (int c = 0; c < columns.size(); c++) {
            if (!exportable(columns.get(c), meta.getColumnTypeName(c + 1).toUpperCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }

    private static boolean exportable(ColumnDescriptor column, String duckType) {
        return switch (column.type()) {
            case INT -> INTS.contains(duckType);
            case DOUBLE -> duckType.equals("DOUBLE") || duckType.equals("FLOAT");
            case DECIMAL -> duckType.startsWith("DECIMAL");
            case BOOLEAN -> duckType.equals("BOOLEAN");
            case DATE -> duckType.equals("DATE");
            case TIMESTAMP -> duckType.equals("TIMESTAMP");
            case STRING -> duckType.equals("VARCHAR");
        };
    }

    /**
     * The answer of at most {@code limit} rows (the statement asked for one more, to know whether more exist) from
     * DuckDB's export of {@code rs}, as an Arrow IPC stream.
     */
    static byte[] encode(ResultSet rs, List<ColumnDescriptor> columns, int limit, int offset) throws SQLException {
        List<ArrowRecordBatch> batches = new ArrayList<>();
        DuckDBResultSet duck = rs.unwrap(DuckDBResultSet.class);
        try (BufferAllocator allocator = ArrowAnswerWriter.newAllocator("duckdb-export");
             ArrowReader reader = (ArrowReader) duck.arrowExportStream(allocator, ArrowAnswerWriter.BATCH_ROWS)) {
            try {
                VectorSchemaRoot exported = reader.getVectorSchemaRoot();
                List<Field> fields = fields(columns, exported);
                int returned = 0;
                boolean truncated = false;
                while (reader.loadNextBatch()) {
                    int take = Math.min(exported.getRowCount(), limit - returned);
                    truncated |= take < exported.getRowCount();
                    if (take > 0) {
                        batches.add(conform(exported, fields, take, allocator));
                        returned += take;
                    }
                }
                Schema schema = new Schema(fields, ArrowAnswerWriter.pageMetadata(
                        new QueryResult.Page(limit, offset, returned, truncated)));
                return write(schema, batches, allocator);
            } finally {
                batches.forEach(ArrowRecordBatch::close);
            }
        } catch (IOException e) {
            throw new QueryFailedException("reading DuckDB's Arrow export failed: " + e.getMessage(), e);
        }
    }

    private static List<Field> fields(List<ColumnDescriptor> columns, VectorSchemaRoot exported) {
        List<Field> fields = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            fields.add(ArrowAnswerWriter.field(columns.get(c),
                    ArrowConversions.answerType(columns.get(c), exported.getVector(c).getField().getType())));
        }
        return fields;
    }

    /** One batch's first {@code rows} rows in the answer's fields, as a batch that owns its buffers. */
    private static ArrowRecordBatch conform(VectorSchemaRoot exported, List<Field> fields, int rows, BufferAllocator allocator) {
        List<FieldVector> vectors = new ArrayList<>();
        for (int c = 0; c < fields.size(); c++) {
            vectors.add(ArrowConversions.conform(exported.getVector(c), fields.get(c), rows, allocator));
        }
        try (VectorSchemaRoot batch = new VectorSchemaRoot(fields, vectors, rows)) {
            return new VectorUnloader(batch).getRecordBatch();
        }
    }

    private static byte[] write(Schema schema, List<ArrowRecordBatch> batches, BufferAllocator allocator) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096 + batches.stream().mapToInt(b -> (int) b.computeBodyLength()).sum());
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
             ArrowStreamWriter stream = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
            stream.start();
            VectorLoader loader = new VectorLoader(root);
            for (ArrowRecordBatch batch : batches) {
                loader.load(batch);
                stream.writeBatch();
            }
            if (batches.isEmpty()) {
                root.setRowCount(0);
                stream.writeBatch();
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array cannot fail to be written", e);
        }
        return out.toByteArray();
    }

    /** For the encoder: the stream, or null when this result set is not DuckDB's or has a column it does not send. */
    static byte @Nullable [] encodeIfExportable(ResultSet rs, List<ColumnDescriptor> columns, int limit, int offset)
            throws SQLException {
        return canExport(rs, columns) ? encode(rs, columns, limit, offset) : null;
    }
}
