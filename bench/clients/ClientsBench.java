import dev.tessera.client.ArrowAnswer;
import dev.tessera.client.CubeQuery;
import dev.tessera.client.QueryAnswer;
import dev.tessera.client.TesseraClient;
import dev.tessera.client.auth.BasicAuth;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Time to a usable table in the Java client, for one 100,000-row answer as JSON, CSV and Arrow, taken in turns
 * (JSON, CSV, Arrow, Arrow as rows) so load on the machine falls on all alike. "Usable": JSON and CSV parsed into
 * typed rows; Arrow loaded into vectors (what a columnar consumer uses), and also converted into the same typed
 * rows as JSON. Prints medians and ratios as a Markdown table.
 */
public final class ClientsBench {

    public static void main(String[] args) throws Exception {
        TesseraClient client = TesseraClient.builder(URI.create(args[0])).auth(new BasicAuth(args[1], args[2])).build();
        int runs = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        CubeQuery query = CubeQuery.of(List.of("revenue", "orders"), List.of("time.date", "geo.city", "product.product"))
                .withLimit(100_000);
        String[] names = {"JSON → typed rows", "CSV → typed rows", "Arrow → vectors", "Arrow → typed rows"};
        double[][] ms = new double[names.length][runs];
        long[] rows = new long[names.length];
        for (int i = -warmup; i < runs; i++) {
            for (int k = 0; k < names.length; k++) {
                long started = System.nanoTime();
                rows[k] = run(k, client, query);
                if (i >= 0) {
                    ms[k][i] = (System.nanoTime() - started) / 1e6;
                }
            }
        }
        double[] engine = new double[runs];
        for (int i = 0; i < runs; i++) {
            try (InputStream raw = client.queryJson("sales", query)) {
                String text = new String(raw.readAllBytes(), StandardCharsets.UTF_8);
                engine[i] = Double.parseDouble(text.replaceAll("(?s).*\"elapsedMs\":(\\d+).*", "$1"));
            }
        }
        System.out.printf(Locale.ROOT, "%nServer-side query and row read (stats.elapsedMs, the same for every format): median %.0f ms%n",
                median(engine));
        System.out.printf(Locale.ROOT, "%n| Java client, 100,000-row answer | median ms | rows | JSON time / this |%n|---|---|---|---|%n");
        double json = median(ms[0]);
        for (int k = 0; k < names.length; k++) {
            System.out.printf(Locale.ROOT, "| %s | %.0f | %,d | %.1f× |%n", names[k], median(ms[k]), rows[k], json / median(ms[k]));
        }
    }

    private static long run(int kind, TesseraClient client, CubeQuery query) throws Exception {
        switch (kind) {
            case 0 -> {
                QueryAnswer answer = client.query("sales", query);
                return answer.rows().size();
            }
            case 1 -> {
                return csvRows(client.queryCsv("sales", query)).size();
            }
            case 2 -> {
                long count = 0;
                try (ArrowAnswer arrow = client.queryArrow("sales", query)) {
                    VectorSchemaRoot root = arrow.root();
                    while (arrow.loadNextBatch()) {
                        count += root.getRowCount();
                    }
                }
                return count;
            }
            default -> {
                try (ArrowAnswer arrow = client.queryArrow("sales", query)) {
                    return arrow.toAnswer().rows().size();
                }
            }
        }
    }

    /** The CSV as typed rows (date, text, text, decimal, long): the parse a program has to write itself. */
    private static List<Object[]> csvRows(InputStream csv) throws Exception {
        List<Object[]> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] cells = split(line);
                rows.add(new Object[] {LocalDate.parse(cells[0]), cells[1], cells[2], new BigDecimal(cells[3]),
                    Long.parseLong(cells[4])});
            }
        }
        return rows;
    }

    private static String[] split(String line) {
        List<String> cells = new ArrayList<>(5);
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells.toArray(String[]::new);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
