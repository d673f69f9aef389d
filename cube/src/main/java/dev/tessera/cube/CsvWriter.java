package dev.tessera.cube;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.List;

/**
 * RFC 4180: CRLF line ends, fields quoted when they hold a comma, a quote or a line break; NULL is empty. Text that
 * a spreadsheet would run as a formula ({@code =}, {@code +}, {@code -}, {@code @}, tab, CR first) gets a leading
 * {@code '} (OWASP's CSV injection advice; Superset escapes its exports the same way). Numbers are never touched.
 */
public final class CsvWriter {
    private final Writer out;

    public CsvWriter(Writer out) {
        this.out = out;
    }

    public void header(List<String> names) throws IOException {
        row(names.toArray());
    }

    public void row(Object[] values) throws IOException {
        row(values, values.length);
    }

    /** Writes the first {@code count} values. */
    public void row(Object[] values, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.write(',');
            }
            field(values[i]);
        }
        out.write("\r\n");
    }

    private void field(Object v) throws IOException {
        if (v == null) {
            return;
        }
        String text;
        if (v instanceof BigDecimal d) {
            text = d.toPlainString();
        } else if (v instanceof Double d && Double.isFinite(d)) {
            text = BigDecimal.valueOf(d).toPlainString();
        } else if (v instanceof CharSequence chars) {
            text = neutralizeFormula(chars.toString());
        } else {
            text = v.toString();
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            out.write('"');
            out.write(text.replace("\"", "\"\""));
            out.write('"');
        } else {
            out.write(text);
        }
    }

    static String neutralizeFormula(String text) {
        if (text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + text
                : text;
    }
}
