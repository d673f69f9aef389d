import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.client.ArrowAnswer;
import dev.tessera.client.CubeQuery;
import dev.tessera.client.TesseraClient;
import dev.tessera.client.auth.BasicAuth;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

/**
 * Where the milliseconds of one 100,000-row answer go, JSON against Arrow: the server's share (request sent to last
 * byte received, the body kept as bytes, nothing parsed), then the client's share (the same bytes parsed: JSON into a
 * tree, Arrow loaded into vectors), then the whole client call. Taken in turns; medians. Run by
 * {@code bench/clients/run.sh split}.
 */
public final class ClientsSplit {

    private static final String BODY =
            "{\"measures\":[\"revenue\",\"orders\"],\"levels\":[\"time.date\",\"geo.city\",\"product.product\"],\"limit\":100000}";

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0] + "api/v1/cubes/sales/query");
        String authorization = "Basic " + Base64.getEncoder().encodeToString((args[1] + ":" + args[2]).getBytes(StandardCharsets.UTF_8));
        int runs = Integer.parseInt(args[3]);
        HttpClient http = HttpClient.newHttpClient();
        TesseraClient client = TesseraClient.builder(URI.create(args[0])).auth(new BasicAuth(args[1], args[2])).build();
        CubeQuery query = CubeQuery.of(List.of("revenue", "orders"), List.of("time.date", "geo.city", "product.product"))
                .withLimit(100_000);
        ObjectMapper json = new ObjectMapper();
        String[] names = {"JSON: server + transfer (bytes)", "JSON: parse the bytes (tree)", "JSON: client.query (typed rows)",
            "Arrow: server + transfer (bytes)", "Arrow: load the bytes into vectors", "Arrow: client.queryArrow (vectors)"};
        double[][] ms = new double[names.length][runs];
        long[] sizes = new long[2];
        for (int i = -3; i < runs; i++) {
            double[] t = new double[names.length];
            long s = System.nanoTime();
            byte[] jsonBytes = fetch(http, url, authorization, "application/json");
            t[0] = since(s);
            s = System.nanoTime();
            JsonNode tree = json.readTree(jsonBytes);
            t[1] = since(s);
            s = System.nanoTime();
            client.query("sales", query);
            t[2] = since(s);
            s = System.nanoTime();
            byte[] arrowBytes = fetch(http, url, authorization, TesseraClient.ARROW_STREAM);
            t[3] = since(s);
            s = System.nanoTime();
            long rows = load(arrowBytes);
            t[4] = since(s);
            s = System.nanoTime();
            try (ArrowAnswer arrow = client.queryArrow("sales", query)) {
                while (arrow.loadNextBatch()) {
                    rows -= arrow.root().getRowCount();
                }
            }
            t[5] = since(s);
            if (rows != 0 || tree.path("rows").size() != 100_000) {
                throw new IllegalStateException("not 100,000 rows each");
            }
            sizes[0] = jsonBytes.length;
            sizes[1] = arrowBytes.length;
            for (int k = 0; i >= 0 && k < names.length; k++) {
                ms[k][i] = t[k];
            }
        }
        System.out.printf(Locale.ROOT, "%n| where (100,000 rows; JSON %,d bytes, Arrow %,d bytes) | median ms |%n|---|---:|%n",
                sizes[0], sizes[1]);
        for (int k = 0; k < names.length; k++) {
            System.out.printf(Locale.ROOT, "| %s | %.1f |%n", names[k], median(ms[k]));
        }
    }

    private static byte[] fetch(HttpClient http, URI url, String authorization, String accept) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url).header("Authorization", authorization)
                .header("Accept", accept).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    private static long load(byte[] arrow) throws Exception {
        long rows = 0;
        try (BufferAllocator allocator = new RootAllocator();
             ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(arrow), allocator)) {
            while (reader.loadNextBatch()) {
                rows += reader.getVectorSchemaRoot().getRowCount();
            }
        }
        return rows;
    }

    private static double since(long started) {
        return (System.nanoTime() - started) / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
