package dev.tessera.server.arrow;

import dev.tessera.cube.QueryFailedException;
import dev.tessera.cube.model.DataType;
import dev.tessera.cube.query.ColumnDescriptor;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * DuckDB's exported vectors in the answer's Arrow types (README, "Arrow answers"): the same layout is moved, not
 * copied (a decimal's precision is only a label: DuckDB's Decimal128(p, s) is sent as Decimal128(38, s)); a narrower
 * whole number or float is widened cell by cell.
 */
final class ArrowConversions {

    private ArrowConversions() {}

    /** The answer's type for a column DuckDB exported as {@code exported}. */
    static ArrowType answerType(ColumnDescriptor column, ArrowType exported) {
        if (exported instanceof ArrowType.Decimal d && column.type() == DataType.DECIMAL) {
            return new ArrowType.Decimal(ArrowColumns.DECIMAL_PRECISION, d.getScale(), 128);
        }
        return ArrowColumns.arrowType(column.type());
    }

    /** The first {@code rows} cells of {@code from} in a new vector of {@code field}, owning its buffers. */
    static FieldVector conform(FieldVector from, Field field, int rows, BufferAllocator allocator) {
        FieldVector to = field.createVector(allocator);
        if (sameLayout(from.getField().getType(), field.getType())) {
            from.makeTransferPair(to).splitAndTransfer(0, rows);
            return to;
        }
        to.allocateNew();
        if (to instanceof BigIntVector longs) {
            widen(from, longs, rows);
        } else if (to instanceof Float8Vector doubles && from instanceof Float4Vector floats) {
            for (int i = 0; i < rows; i++) {
                if (floats.isNull(i)) {
                    doubles.setNull(i);
                } else {
                    doubles.setSafe(i, floats.get(i));
                }
            }
        } else {
            to.close();
            throw new IllegalStateException("DuckDB exported " + from.getField().getType() + " for a " + field.getType() + " column");
        }
        to.setValueCount(rows);
        return to;
    }

    private static boolean sameLayout(ArrowType exported, ArrowType answer) {
        if (exported instanceof ArrowType.Decimal e && answer instanceof ArrowType.Decimal a) {
            return e.getScale() == a.getScale() && e.getBitWidth() == a.getBitWidth();
        }
        return exported.equals(answer);
    }

    /** INTEGER, SMALLINT, TINYINT (Int32, 16, 8) and HUGEINT (Decimal128(38, 0)) into Int64. */
    private static void widen(FieldVector from, BigIntVector to, int rows) {
        for (int i = 0; i < rows; i++) {
            if (from.isNull(i)) {
                to.setNull(i);
            } else if (from instanceof BaseIntVector ints) {
                to.setSafe(i, ints.getValueAsLong(i));
            } else if (from instanceof DecimalVector huge) {
                to.setSafe(i, exactLong(huge, i));
            } else {
                throw new IllegalStateException("DuckDB exported " + from.getField().getType() + " for a whole-number column");
            }
        }
    }

    private static long exactLong(DecimalVector huge, int row) {
        try {
            return huge.getObjectNotNull(row).longValueExact();
        } catch (ArithmeticException e) {
            throw new QueryFailedException("a whole number in column '" + huge.getName()
                    + "' is past 64 bits and cannot be sent as Arrow Int64; ask for JSON or CSV", e);
        }
    }
}
