package dev.tessera.server.arrow;

import dev.tessera.cube.model.DataType;
import dev.tessera.cube.query.ColumnDescriptor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * How each answer type becomes an Arrow column: {@code int} Int64, {@code double} Float64, {@code decimal}
 * Decimal128(38, the largest scale in the column), {@code boolean} Bool, {@code date} Date32 (days),
 * {@code timestamp} Timestamp(microseconds, no zone), {@code string} Utf8. The rows hold what the JSON answer holds
 * (dates as ISO text, whole numbers as Long, decimals as BigDecimal).
 */
final class ArrowColumns {

    static final int DECIMAL_PRECISION = 38;
    private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

    private ArrowColumns() {}

    /** Fills one vector with one column of a slice of rows. */
    interface Writer {
        ArrowType arrowType();

        void fill(FieldVector vector, List<Object[]> rows, int from, int to);
    }

    static Writer writerFor(ColumnDescriptor column, List<Object[]> rows, int c) {
        ArrowType type = arrowType(column.type());
        return switch (column.type()) {
            case INT -> writer(type, (v, i, x) -> ((BigIntVector) v).setSafe(i, ((Number) x).longValue()), c);
            case DOUBLE -> writer(type, (v, i, x) -> ((Float8Vector) v).setSafe(i, ((Number) x).doubleValue()), c);
            case DECIMAL -> decimal(maxScale(rows, c), c);
            case BOOLEAN -> writer(type, (v, i, x) -> ((BitVector) v).setSafe(i, (Boolean) x ? 1 : 0), c);
            case DATE -> writer(type,
                    (v, i, x) -> ((DateDayVector) v).setSafe(i, Math.toIntExact(LocalDate.parse(x.toString()).toEpochDay())), c);
            case TIMESTAMP -> writer(type,
                    (v, i, x) -> ((TimeStampMicroVector) v).setSafe(i, micros(LocalDateTime.parse(x.toString()))), c);
            case STRING -> writer(type, (v, i, x) -> ((VarCharVector) v).setSafe(i, x.toString().getBytes(StandardCharsets.UTF_8)), c);
        };
    }

    /** The Arrow type of an answer type; a decimal's scale is the column's (scale 0 here). */
    static ArrowType arrowType(DataType type) {
        return switch (type) {
            case INT -> new ArrowType.Int(64, true);
            case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case DECIMAL -> new ArrowType.Decimal(DECIMAL_PRECISION, 0, 128);
            case BOOLEAN -> ArrowType.Bool.INSTANCE;
            case DATE -> new ArrowType.Date(DateUnit.DAY);
            case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
            case STRING -> ArrowType.Utf8.INSTANCE;
        };
    }

    /** Sets one non-null cell. */
    private interface Cell {
        void set(FieldVector vector, int index, Object value);
    }

    private static Writer writer(ArrowType type, Cell cell, int c) {
        return new Writer() {
            @Override
            public ArrowType arrowType() {
                return type;
            }

            @Override
            public void fill(FieldVector vector, List<Object[]> rows, int from, int to) {
                for (int r = from; r < to; r++) {
                    Object value = rows.get(r)[c];
                    if (value == null) {
                        vector.setNull(r - from);
                    } else {
                        cell.set(vector, r - from, value);
                    }
                }
            }
        };
    }

    private static Writer decimal(int scale, int c) {
        return writer(new ArrowType.Decimal(DECIMAL_PRECISION, scale, 128),
                (v, i, x) -> ((DecimalVector) v).setSafe(i, decimal(x).setScale(scale, RoundingMode.UNNECESSARY)), c);
    }

    private static BigDecimal decimal(Object value) {
        return value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
    }

    /** One scale for the whole column, so no value loses a digit. */
    private static int maxScale(List<Object[]> rows, int c) {
        int scale = 0;
        for (Object[] row : rows) {
            if (row[c] != null) {
                scale = Math.max(scale, decimal(row[c]).scale());
            }
        }
        return Math.min(scale, DECIMAL_PRECISION);
    }

    private static long micros(LocalDateTime time) {
        return ChronoUnit.MICROS.between(EPOCH, time);
    }
}
