package dev.tessera.client;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One answer row, typed by its columns: {@code int} as Long, {@code double} as Double, {@code decimal} as
 * BigDecimal, {@code date} as LocalDate, {@code timestamp} as LocalDateTime, {@code boolean} as Boolean,
 * {@code string} as String; a missing value is null.
 */
public final class Row {

    private final List<@Nullable Object> values;
    private final Map<String, Integer> index;

    Row(List<@Nullable Object> values, Map<String, Integer> index) {
        this.values = Collections.unmodifiableList(values);
        this.index = index;
    }

    public @Nullable Object get(int column) {
        return values.get(column);
    }

    /** The value of the column named {@code column}; an unknown name is an {@link IllegalArgumentException}. */
    public @Nullable Object get(String column) {
        Integer i = index.get(column);
        if (i == null) {
            throw new IllegalArgumentException("no column '" + column + "' in this answer; it has " + index.keySet());
        }
        return values.get(i);
    }

    /** True on a total or subtotal row: its {@code _grouping} is not 0. Detail rows, and answers without totals, are false. */
    public boolean isTotal() {
        Integer i = index.get(Column.GROUPING);
        return i != null && values.get(i) instanceof Number n && n.longValue() != 0;
    }

    public List<@Nullable Object> values() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
