package dev.tessera.server.cli;

import dev.tessera.client.Column;
import dev.tessera.client.QueryAnswer;
import dev.tessera.client.Row;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * An answer as aligned text for a terminal: numbers right-aligned, a rolled-up level on a total row shown as
 * {@code (total)}, the {@code _grouping} column left out, and a last line saying when there are more rows.
 */
final class TextTable {

    private TextTable() {}

    static void print(QueryAnswer answer, PrintStream out) {
        List<Integer> shown = new ArrayList<>();
        for (int c = 0; c < answer.columns().size(); c++) {
            if (!answer.columns().get(c).name().equals(Column.GROUPING)) {
                shown.add(c);
            }
        }
        List<String[]> lines = new ArrayList<>();
        lines.add(shown.stream().map(c -> answer.columns().get(c).name()).toArray(String[]::new));
        for (Row row : answer.rows()) {
            lines.add(shown.stream().map(c -> cell(row, answer.columns().get(c), c)).toArray(String[]::new));
        }
        int[] widths = new int[shown.size()];
        lines.forEach(line -> {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        });
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                boolean number = answer.columns().get(shown.get(i)).kind().equals("measure");
                String format = "%" + (number ? "" : "-") + widths[i] + "s";
                text.append(i == 0 ? "" : "  ").append(String.format(format, line[i]));
            }
            out.println(text.toString().stripTrailing());
        }
        out.println("(" + answer.rows().size() + " rows" + (answer.page().truncated() ? "; more exist, use --limit or --format csv" : "")
                + ")");
    }

    private static String cell(Row row, Column column, int c) {
        Object value = row.get(c);
        if (value == null) {
            return row.isTotal() && column.kind().equals("level") ? "(total)" : "";
        }
        return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    }
}
