package dev.tessera.server.arrow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.cube.QueryResult;
import dev.tessera.cube.model.DataType;
import dev.tessera.cube.query.ColumnDescriptor;
import dev.tessera.cube.query.ColumnKind;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.Text;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DuckDB's Arrow export against the row path, on a real in-memory DuckDB: for every answer type, narrower DuckDB
 * types included (INTEGER, HUGEINT, FLOAT), nulls, the extra row that marks a truncated page and an empty answer, the
 * two give the same stream (fields, metadata, page and cells); a column the export does not send (UUID) is left to
 * the row path before any row is read.
 */
class DuckDbArrowExportTest {

    private static final String SELECT = "SELECT * FROM (VALUES "
            + "('b', 2::INTEGER, 20::HUGEINT, 1.5::FLOAT, 2.5::DOUBLE, 12.30::DECIMAL(10,2), true, DATE '2024-02-29', "
            + "TIMESTAMP '2024-02-29 10:11:12.123456', 3::BIGINT), "
            + "('a', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0::BIGINT), "
            + "('c', -7::INTEGER, 9007199254740993::HUGEINT, -0.25::FLOAT, 1e300::DOUBLE, -0.01::DECIMAL(10,2), false, "
            + "DATE '1969-12-31', TIMESTAMP '1900-01-01 00:00:00', 1::BIGINT)"
            + ") t(s, i, h, f, d, m, b, dt, ts, g) ORDER BY s";
    private static final List<ColumnDescriptor> COLUMNS = List.of(
            column("geo.city", ColumnKind.LEVEL, DataType.STRING), column("n", ColumnKind.MEASURE, DataType.INT),
            column("huge", ColumnKind.MEASURE, DataType.INT), column("f", ColumnKind.MEASURE, DataType.DOUBLE),
            column("d", ColumnKind.MEASURE, DataType.DOUBLE), column("revenue", ColumnKind.MEASURE, DataType.DECIMAL),
            column("flag", ColumnKind.LEVEL, DataType.BOOLEAN), column("time.date", ColumnKind.LEVEL, DataType.DATE),
            column("at", ColumnKind.LEVEL, DataType.TIMESTAMP), column("_grouping", ColumnKind.GROUPING, DataType.INT));

    private static Connection duck;

    @BeforeAll
    static void open() throws Exception {
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void close() throws Exception {
        duck.close();
    }

    private static ColumnDescriptor column(String name, ColumnKind kind, DataType type) {
        return new ColumnDescriptor(name, kind, type);
    }

    @Test
    void theExportIsTheRowPathsStreamForEveryType() throws Exception {
        byte[] exported = export(SELECT, 10, 0);
        byte[] fromRows = ArrowAnswerWriter.encode(rowPath(SELECT, 10, 0));
        assertThat(read(exported)).isEqualTo(read(fromRows));
        assertThat(read(exported).cells()).hasSize(3).element(0).isEqualTo(Arrays.asList(
                "a", null, null, null, null, null, null, null, null, 0L));
        assertThat(read(exported).cells().get(2)).containsExactly("c", -7L, 9_007_199_254_740_993L, -0.25, 1e300,
                new BigDecimal("-0.01"), false, LocalDate.parse("1969-12-31"), LocalDateTime.parse("1900-01-01T00:00"), 1L);
    }

    @Test
    void theRowPastTheLimitOnlyMarksThePageTruncated() throws Exception {
        Answer capped = read(export(SELECT, 2, 5));
        assertThat(capped).isEqualTo(read(ArrowAnswerWriter.encode(rowPath(SELECT, 2, 5))));
        assertThat(capped.cells()).extracting(row -> row.get(0)).containsExactly("a", "b");
        assertThat(capped.page()).containsEntry("tessera.page.truncated", "true").containsEntry("tessera.page.returned", "2")
                .containsEntry("tessera.page.offset", "5");
        Answer exact = read(export(SELECT, 3, 0));
        assertThat(exact.page()).containsEntry("tessera.page.truncated", "false").containsEntry("tessera.page.returned", "3");
    }

    @Test
    void anEmptyAnswerIsASchemaAndNoRows() throws Exception {
        String none = SELECT.replace("ORDER BY s", "WHERE s = 'none'");
        Answer empty = read(export(none, 10, 0));
        assertThat(empty.cells()).isEmpty();
        // Types aside: with no row, the row path cannot know a decimal's scale; DuckDB's export says it.
        assertThat(empty.fields()).extracting(Field::getName, Field::getMetadata).isEqualTo(
                read(ArrowAnswerWriter.encode(rowPath(none, 10, 0))).fields().stream()
                        .map(f -> org.assertj.core.groups.Tuple.tuple(f.getName(), f.getMetadata())).toList());
        assertThat(empty.page()).containsEntry("tessera.page.returned", "0").containsEntry("tessera.page.truncated", "false");
    }

    @Test
    void aColumnTheExportDoesNotSendIsLeftToTheRowPath() throws Exception {
        try (Statement s = duck.createStatement();
             ResultSet rs = s.executeQuery("SELECT uuid() AS id, 1::BIGINT AS n")) {
            List<ColumnDescriptor> columns = List.of(column("id", ColumnKind.LEVEL, DataType.STRING),
                    column("n", ColumnKind.MEASURE, DataType.INT));
            assertThat(DuckDbArrowExport.encodeIfExportable(rs, columns, 10, 0)).isNull();
            assertThat(rs.next()).as("the cursor was not moved: the row path reads the row").isTrue();
        }
    }

    private static byte[] export(String sql, int limit, int offset) throws Exception {
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql + " LIMIT " + (limit + 1))) {
            byte[] stream = DuckDbArrowExport.encodeIfExportable(rs, COLUMNS, limit, offset);
            assertThat(stream).as("every column here is one the export sends").isNotNull();
            return stream;
        }
    }

    /** The rows as the cube service reads them for JSON (dates as ISO text, whole numbers as Long). */
    private static QueryResult rowPath(String sql, int limit, int offset) throws Exception {
        List<Object[]> rows = new ArrayList<>();
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql + " LIMIT " + (limit + 1))) {
            while (rs.next()) {
                Object[] row = new Object[COLUMNS.size()];
                for (int c = 0; c < row.length; c++) {
                    row[c] = json(rs.getObject(c + 1));
                }
                rows.add(row);
            }
        }
        boolean truncated = rows.size() > limit;
        List<Object[]> page = truncated ? rows.subList(0, limit) : rows;
        return new QueryResult(COLUMNS, page, new QueryResult.Page(limit, offset, page.size(), truncated), new QueryResult.Stats(0));
    }

    private static Object json(Object value) {
        if (value instanceof Temporal || value instanceof java.util.Date) {
            return value instanceof java.sql.Date d ? d.toLocalDate().toString()
                    : value instanceof java.sql.Timestamp t ? t.toLocalDateTime().toString() : value.toString();
        }
        if (value instanceof Integer || value instanceof java.math.BigInteger) {
            return ((Number) value).longValue();
        }
        return value instanceof Float f ? f.doubleValue() : value;
    }

    /** What a reader sees: the fields (types and metadata), the page metadata and every cell. */
    record Answer(List<Field> fields, Map<String, String> page, List<List<Object>> cells) {}

    private static Answer read(byte[] stream) throws Exception {
        try (BufferAllocator allocator = new RootAllocator();
             ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(stream), allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            List<List<Object>> cells = new ArrayList<>();
            while (reader.loadNextBatch()) {
                for (int r = 0; r < root.getRowCount(); r++) {
                    List<Object> row = new ArrayList<>();
                    for (FieldVector vector : root.getFieldVectors()) {
                        row.add(cell(vector, r));
                    }
                    cells.add(row);
                }
            }
            return new Answer(root.getSchema().getFields(), root.getSchema().getCustomMetadata(), cells);
        }
    }

    private static Object cell(FieldVector vector, int row) {
        Object value = vector.getObject(row);
        if (value instanceof Text text) {
            return text.toString();
        }
        if (value instanceof Integer days && vector.getField().getType() instanceof org.apache.arrow.vector.types.pojo.ArrowType.Date) {
            return LocalDate.ofEpochDay(days);
        }
        return value;
    }
}
