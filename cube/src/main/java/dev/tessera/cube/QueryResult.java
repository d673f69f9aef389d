package dev.tessera.cube;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tessera.cube.query.ColumnDescriptor;
import dev.tessera.cube.time.TimeAnswer;
import java.util.List;

/**
 * The JSON answer: {@code columns}, {@code rows} as arrays in column order (dates as ISO text, numbers as
 * Long, Double or BigDecimal), {@code page} and {@code stats}. With totals, the {@code _grouping} column is
 * GROUPING(level0, level1, ...): bit (n-1-i) is set where level i is rolled up; 0 marks detail rows, 2^n-1
 * the grand total. {@code time} says how the query's {@code time} was resolved (absent without one).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueryResult(List<ColumnDescriptor> columns, List<Object[]> rows, Page page, Stats stats, TimeAnswer time) {

    /** An answer to a query without {@code time}. */
    public QueryResult(List<ColumnDescriptor> columns, List<Object[]> rows, Page page, Stats stats) {
        this(columns, rows, page, stats, null);
    }

    /** {@code truncated}: there are rows past this page (ask again with a larger offset). */
    public record Page(int limit, int offset, int returned, boolean truncated) {
    }

    public record Stats(long elapsedMs) {
    }
}
