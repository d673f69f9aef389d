package dev.tessera.client;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A query's answer as typed rows. With totals, the {@code _grouping} column holds GROUPING(level0, level1, ...):
 * bit (n-1-i) is set where level i is rolled up; 0 marks detail rows, 2^n-1 the grand total.
 *
 * @param page {@code truncated} is true when rows past this page exist (the server never cuts an answer silently)
 */
public record QueryAnswer(List<Column> columns, List<Row> rows, Page page) {

    public QueryAnswer {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** Where this page sits in the whole answer. */
    public record Page(int limit, int offset, int returned, boolean truncated) {}

    /** The column names in order. */
    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    static Map<String, Integer> index(List<Column> columns) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i).name(), i);
        }
        return Map.copyOf(index);
    }
}
