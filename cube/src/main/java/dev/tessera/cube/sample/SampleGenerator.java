package dev.tessera.cube.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * Writes a deterministic sales star schema as Parquet: {@code sales.parquet} (the facts),
 * {@code products.parquet} (10,000 products in 50 categories), {@code geography.parquet} (2,000 cities in
 * 50 countries on 6 continents) and {@code customers.parquet} (100,000 customers). Same seed, same rows:
 * every value is a hash of the row number and the seed, computed by DuckDB, so 10M rows take seconds.
 */
public final class SampleGenerator {
    public static final long DEFAULT_SEED = 42;
    /** The files {@link #generate} writes, by name. */
    public static final List<String> FILES = List.of("geography.parquet", "products.parquet", "customers.parquet",
            "sales.parquet");
    public static final int PRODUCTS = 10_000;
    public static final int CUSTOMERS = 100_000;
    public static final int CITIES = 2_000;

    private static final List<String[]> COUNTRIES = List.of(
            c("Nigeria", "Africa"), c("Egypt", "Africa"), c("South Africa", "Africa"), c("Kenya", "Africa"),
            c("Morocco", "Africa"), c("Ghana", "Africa"), c("Ethiopia", "Africa"), c("Algeria", "Africa"),
            c("China", "Asia"), c("Japan", "Asia"), c("South Korea", "Asia"), c("India", "Asia"), c("Indonesia", "Asia"),
            c("Thailand", "Asia"), c("Vietnam", "Asia"), c("Philippines", "Asia"), c("Malaysia", "Asia"),
            c("Singapore", "Asia"), c("Turkey", "Asia"), c("Saudi Arabia", "Asia"),
            c("France", "Europe"), c("Germany", "Europe"), c("United Kingdom", "Europe"), c("Italy", "Europe"),
            c("Spain", "Europe"), c("Netherlands", "Europe"), c("Belgium", "Europe"), c("Sweden", "Europe"),
            c("Norway", "Europe"), c("Poland", "Europe"), c("Portugal", "Europe"), c("Switzerland", "Europe"),
            c("Austria", "Europe"), c("Ireland", "Europe"), c("Denmark", "Europe"),
            c("United States", "North America"), c("Canada", "North America"), c("Mexico", "North America"),
            c("Guatemala", "North America"), c("Cuba", "North America"), c("Costa Rica", "North America"),
            c("Brazil", "South America"), c("Argentina", "South America"), c("Chile", "South America"),
            c("Colombia", "South America"), c("Peru", "South America"), c("Uruguay", "South America"),
            c("Australia", "Oceania"), c("New Zealand", "Oceania"), c("Fiji", "Oceania"));

    private static final List<String> CATEGORIES = List.of("Laptops", "Phones", "Tablets", "Monitors", "Keyboards",
            "Mice", "Headphones", "Speakers", "Cameras", "Printers", "Routers", "Storage", "Smart Home", "Wearables",
            "Gaming", "Televisions", "Projectors", "Cables", "Chargers", "Software", "Books", "Toys", "Board Games",
            "Puzzles", "Sports", "Cycling", "Running", "Camping", "Fishing", "Garden", "Tools", "Kitchen", "Cookware",
            "Furniture", "Lighting", "Bedding", "Bath", "Beauty", "Fragrance", "Health", "Vitamins", "Pet Supplies",
            "Baby", "Stationery", "Office", "Music", "Movies", "Watches", "Jewelry", "Luggage");

    private static final String PREFIXES = "['Al','Bel','Cor','Dun','El','Fal','Gar','Hol','Is','Jor','Kel','Lin','Mar','Nor',"
            + "'Ost','Pel','Quin','Ros','Sal','Tor','Ul','Val','Wes','Yar','Zen','Ash','Bri','Cal','Dor','Esk','Fen','Glen',"
            + "'Har','Ivy','Kir','Lor','Mel','Nev','Oak','Pine']";
    private static final String SUFFIXES = "['ford','ton','ville','burg','port','field','haven','mouth','stead','wick',"
            + "'bridge','dale','gate','holm','ley','mere','moor','ridge','shire','side','stone','vale','water','wood','by',"
            + "'caster','chester','don','fell','firth','hurst','land','minster','ness','pool','rock','sands','stow','thorpe',"
            + "'well','bay','brook','cliff','cross','end','hill','lake','mill','more','view']";
    private static final String FIRST = "['Ada','Ben','Chloe','David','Emma','Felix','Grace','Hugo','Iris','Jack','Kira','Liam',"
            + "'Maya','Noah','Olga','Paul','Quinn','Rosa','Sami','Tara','Umar','Vera','Wen','Xavier','Yuki','Zoe','Amir',"
            + "'Bea','Carlos','Dana','Eli','Fatima','Gus','Hana','Ivan','Jin','Lea','Marco','Nina','Omar']";
    private static final String LAST = "['Smith','Garcia','Muller','Rossi','Dubois','Kim','Sato','Silva','Nowak','Jensen',"
            + "'Novak','Khan','Chen','Lopez','Ivanova','Cohen','Okafor','Haddad','Nguyen','Brown','Moreau','Weber','Costa',"
            + "'Berg','Larsen','Fischer','Romano','Tanaka','Park','Singh','Ali','Santos','Reyes','Murphy','Walsh','Kowalski',"
            + "'Horvat','Petrov','Olsen','Meyer']";
    private static final String BRANDS = "['Acme','Globex','Initech','Umbrella','Hooli','Stark','Wayne','Wonka','Tyrell',"
            + "'Cyberdyne','Soylent','Vandelay','Aperture','Oscorp','Gringotts','Monarch','Nakatomi','Pied Piper','Virtucon','Zorg']";

    private SampleGenerator() {
    }

    /**
     * Writes the four Parquet files into {@code outDir} (created if absent), replacing files of the same names.
     *
     * @param rows number of sales rows (facts), e.g. 1,000,000
     * @param seed same seed, same data
     */
    public static void generate(Path outDir, long rows, long seed) throws IOException, SQLException {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must not be negative");
        }
        Files.createDirectories(outDir);
        Properties props = new Properties();
        props.setProperty("autoinstall_known_extensions", "false");
        props.setProperty("autoload_known_extensions", "false");
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:", props);
             Statement s = conn.createStatement()) {
            s.execute("SET preserve_insertion_order = true");
            copy(s, geography(seed), outDir.resolve("geography.parquet"));
            copy(s, products(seed), outDir.resolve("products.parquet"));
            copy(s, customers(seed), outDir.resolve("customers.parquet"));
            copy(s, sales(rows, seed), outDir.resolve("sales.parquet"));
        }
    }

    private static String geography(long seed) {
        StringBuilder countries = new StringBuilder("SELECT * FROM (VALUES ");
        for (int i = 0; i < COUNTRIES.size(); i++) {
            String[] c = COUNTRIES.get(i);
            countries.append(i == 0 ? "" : ", ").append('(').append(i + 1).append(", ").append(lit(c[0])).append(", ")
                    .append(lit(c[1])).append(')');
        }
        countries.append(") AS t(country_id, country, continent)");
        // 7919 is prime to 2000, so (i * 7919 + seed) mod 2000 numbers every prefix/suffix pair once.
        return "WITH countries AS (" + countries + "), cities AS (SELECT range + 1 AS city_id, "
                + "(range * 7919 + " + Math.floorMod(seed, CITIES) + ") % 2000 AS k, "
                + "1 + CAST(hash(range, " + seed + ", 1) % 50 AS INTEGER) AS country_id FROM range(" + CITIES + ")) "
                + "SELECT city_id, " + PREFIXES + "[1 + CAST(k // 50 AS INTEGER)] || " + SUFFIXES
                + "[1 + CAST(k % 50 AS INTEGER)] AS city, c.country_id, country, continent "
                + "FROM cities JOIN countries c USING (country_id) ORDER BY city_id";
    }

    private static String products(long seed) {
        StringBuilder cats = new StringBuilder("[");
        for (int i = 0; i < CATEGORIES.size(); i++) {
            cats.append(i == 0 ? "" : ", ").append(lit(CATEGORIES.get(i)));
        }
        cats.append(']');
        return "SELECT range + 1 AS product_id, " + BRANDS + "[1 + CAST(hash(range, " + seed + ", 2) % 20 AS INTEGER)] || ' ' || "
                + cats + "[1 + CAST(hash(range, " + seed + ", 3) % 50 AS INTEGER)] || ' ' || CAST(range + 1 AS VARCHAR) AS product, "
                + cats + "[1 + CAST(hash(range, " + seed + ", 3) % 50 AS INTEGER)] AS category, "
                + BRANDS + "[1 + CAST(hash(range, " + seed + ", 2) % 20 AS INTEGER)] AS brand, "
                + listPrice("range + 1", seed) + " AS list_price FROM range(" + PRODUCTS + ") ORDER BY product_id";
    }

    private static String customers(long seed) {
        return "SELECT range + 1 AS customer_id, " + FIRST + "[1 + CAST(hash(range, " + seed + ", 4) % 40 AS INTEGER)] || ' ' || "
                + LAST + "[1 + CAST(hash(range, " + seed + ", 5) % 40 AS INTEGER)] AS customer, "
                + "['Consumer','Corporate','Home Office'][1 + CAST(hash(range, " + seed + ", 6) % 3 AS INTEGER)] AS segment, "
                + "1945 + CAST(hash(range, " + seed + ", 7) % 60 AS INTEGER) AS birth_year, "
                + "1 + CAST(hash(range, " + seed + ", 8) % " + CITIES + " AS INTEGER) AS city_id "
                + "FROM range(" + CUSTOMERS + ") ORDER BY customer_id";
    }

    /** Facts. A product's price is its list price (a function of its id) times a discount, so no join is needed. */
    private static String sales(long rows, long seed) {
        // Squaring a uniform draw skews popularity: low ids sell more, as real catalogues do.
        String product = "1 + CAST(floor(power((hash(range, " + seed + ", 11) % 1000000) / 1000000.0, 2) * " + PRODUCTS + ") AS INTEGER)";
        return "SELECT range + 1 AS sale_id, "
                + "CAST(DATE '2022-01-01' + CAST(hash(range, " + seed + ", 10) % 1096 AS INTEGER) AS DATE) AS sale_date, "
                + "1 + CAST(hash(range, " + seed + ", 12) % " + CUSTOMERS + " AS INTEGER) AS customer_id, "
                + "product_id, "
                + "1 + CAST(floor(power((hash(range, " + seed + ", 13) % 1000000) / 1000000.0, 1.5) * " + CITIES + ")"
                + " AS INTEGER) AS city_id, "
                + "1 + CAST(hash(range, " + seed + ", 14) % 3 AS INTEGER)"
                + " * CAST(1 + hash(range, " + seed + ", 15) % 3 AS INTEGER) AS quantity, "
                + "CAST(" + listPrice("product_id", seed) + " * (0.80 + (hash(range, " + seed + ", 16) % 41) / 100.0)"
                + " AS DECIMAL(10,2)) AS price "
                + "FROM (SELECT range, " + product + " AS product_id FROM range(" + rows + ")) ORDER BY sale_id";
    }

    private static String listPrice(String productId, long seed) {
        return "CAST(2 + (hash(" + productId + ", " + seed + ", 9) % 200000) / 100.0 AS DECIMAL(10,2))";
    }

    private static void copy(Statement s, String select, Path target) throws SQLException {
        s.execute("COPY (" + select + ") TO " + lit(target.toAbsolutePath().toString())
                + " (FORMAT parquet, COMPRESSION zstd)");
    }

    private static String lit(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String[] c(String country, String continent) {
        return new String[]{country, continent};
    }
}
