package dev.tessera.server.cubes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Two versions of a two-table data set (orders joined to products) whose answers differ, and differ again from
 * either mixture of them: an answer equal to one version's was read wholly from that version.
 */
final class LiveDataFiles {
    static final String QUERY = "{'measures':['units','orders'],'levels':['product.category'],"
            + "'order':[{'by':'product.category','dir':'asc'}]}";
    private static final int ORDERS = 60;
    private static final List<String> CATEGORIES = List.of("Books", "Games", "Toys");

    /** One version: how many of each product an order holds, and which category each product is in. */
    enum Version {
        A(5, 1, 0), B(7, 2, 1);

        final int quantityModulus;
        final int quantityOffset;
        final int categoryShift;

        Version(int quantityModulus, int quantityOffset, int categoryShift) {
            this.quantityModulus = quantityModulus;
            this.quantityOffset = quantityOffset;
            this.categoryShift = categoryShift;
        }

        int quantity(int order) {
            return order % quantityModulus + quantityOffset;
        }
    }

    private final Path directory;

    LiveDataFiles(Path directory) {
        this.directory = directory;
    }

    static LiveDataFiles inNewDirectory() {
        try {
            LiveDataFiles files = new LiveDataFiles(Files.createTempDirectory("tessera-live"));
            files.write(Version.A);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path orders() {
        return directory.resolve("orders.csv");
    }

    Path products() {
        return directory.resolve("products.csv");
    }

    void write(Version version) {
        writeOrders(version);
        writeProducts(version);
    }

    void writeOrders(Version version) {
        StringBuilder csv = new StringBuilder("order_id,product_id,quantity\n");
        for (int i = 0; i < ORDERS; i++) {
            csv.append(i).append(',').append(product(i)).append(',').append(version.quantity(i)).append('\n');
        }
        replace(orders(), csv.toString());
    }

    void writeProducts(Version version) {
        StringBuilder csv = new StringBuilder("product_id,category\n");
        for (int p = 1; p <= CATEGORIES.size(); p++) {
            csv.append(p).append(',').append(category(version, p)).append('\n');
        }
        replace(products(), csv.toString());
    }

    /** The file's new text, moved into place in one step as a careful writer would. */
    void replace(Path file, String text) {
        replace(file, text.getBytes(StandardCharsets.UTF_8));
    }

    void replace(Path file, byte[] bytes) {
        try {
            Path temp = Files.createTempFile(directory, ".writing", ".tmp");
            Files.write(temp, bytes);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of {@link #QUERY} for orders of one version joined to products of another: [category, units, orders]. */
    static List<List<String>> answer(Version orders, Version products) {
        Map<String, long[]> byCategory = new TreeMap<>();
        for (int i = 0; i < ORDERS; i++) {
            long[] sums = byCategory.computeIfAbsent(category(products, product(i)), c -> new long[2]);
            sums[0] += orders.quantity(i);
            sums[1]++;
        }
        List<List<String>> rows = new ArrayList<>();
        byCategory.forEach((category, sums) -> rows.add(List.of(category, Long.toString(sums[0]), Long.toString(sums[1]))));
        return rows;
    }

    private static int product(int order) {
        return order % 4 == 0 ? 1 : order % 4 == 1 ? 2 : 3; // uneven, so shifting categories changes the counts too
    }

    private static String category(Version version, int product) {
        return CATEGORIES.get((product - 1 + version.categoryShift) % CATEGORIES.size());
    }
}
