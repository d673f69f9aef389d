package dev.tessera.cube;

import dev.tessera.cube.duckdb.DuckDbEngine;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Small test data written as CSV, and the config that loads it: a sales star (sales + products) with NULLs
 * and awkward text, and Atoti's documented restriction example (fx).
 */
public final class Fixture {
    private static final String[][] GEO = {{"France", "Paris"}, {"France", "Lyon"}, {"Germany", "Berlin"},
            {"Germany", "Munich"}, {"Italy", "Rome"}, {null, null}};
    private static final String[][] PRODUCTS = {{"1", "Teddy", "Toys"}, {"2", "Kite", "Toys"}, {"3", "Atlas", "Books"},
            {"4", "Novel", "Books"}, {"5", "Rake", "Garden"}, {"6", "Lamp, \"Deluxe\"", "Garden"}, {"7", "Mystery", null},
            {"8", "100%_off", "Books"}};
    public static final int SALES = 120;

    public final DuckDbEngine engine;
    public final CubeService service;
    public final TestConfig config;

    private Fixture(TestConfig config) throws Exception {
        this.config = config;
        this.engine = new DuckDbEngine(config.engine);
        engine.start();
        this.service = CubeService.compile(engine, config.cubes);
    }

    public static Fixture start(Path dir, String engineExtra) throws Exception {
        writeData(dir);
        return new Fixture(TestConfig.parse(dir, yaml(dir, engineExtra)));
    }

    public void stop() {
        engine.stop();
    }

    static void writeData(Path dir) throws Exception {
        StringBuilder sales = new StringBuilder("sale_id,sale_date,customer_id,product_id,country,city,quantity,price\n");
        for (int i = 0; i < SALES; i++) {
            String[] g = GEO[i % GEO.length];
            sales.append(i + 1).append(',').append(LocalDate.of(2022, 1, 1).plusDays((i * 37L) % 1000)).append(',')
                    .append(i % 17).append(',').append(1 + i % 8).append(',').append(g[0] == null ? "" : g[0]).append(',')
                    .append(g[1] == null ? "" : g[1]).append(',').append(1 + i % 5).append(',')
                    .append(new BigDecimal("1.50").add(BigDecimal.valueOf(i % 7))).append('\n');
        }
        Files.writeString(dir.resolve("sales.csv"), sales);
        StringBuilder products = new StringBuilder("id,name,category\n");
        for (String[] p : PRODUCTS) {
            products.append(p[0]).append(',').append(csv(p[1])).append(',').append(p[2] == null ? "" : p[2]).append('\n');
        }
        Files.writeString(dir.resolve("products.csv"), products);
        Files.writeString(dir.resolve("fx.csv"), """
                continent,country,currency,amount
                Asia,Korea,KRW,1
                Asia,Japan,JPY,2
                Europe,France,EUR,4
                Europe,Germany,EUR,8
                Europe,Norway,NOK,16
                Europe,Sweden,SEK,32
                """);
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static String yaml(Path dir, String engineExtra) {
        return """
                engine:
                  database: ":memory:"
                  threads: 1
                  memoryLimit: 256MiB
                  maxRows: 1000
                  csvMaxRows: 100
                %s
                  tables:
                    - { name: sales,    source: "%s/sales.csv" }
                    - { name: products, source: "%s/products.csv" }
                    - { name: fx,       source: "%s/fx.csv" }
                cubes:
                  - name: sales
                    title: Sales
                    fact: sales
                    joins: [ { table: products, match: { product_id: id } } ]
                    dimensions:
                      - name: geo
                        hierarchies: [ { name: geo, levels: [ {name: country, column: country}, {name: city, column: city} ] } ]
                      - name: product
                        hierarchies: [ { name: product, levels: [ {name: category, column: category},
                                                                  {name: name, column: products.name} ] } ]
                      - name: time
                        hierarchies: [ { name: time, levels: [ {name: year, expression: "year(sale_date)", type: int},
                                                               {name: date, column: sale_date, type: date} ] } ]
                    measures:
                      - { name: revenue,  aggregation: sum,   expression: "quantity * price", format: "#,##0.00" }
                      - { name: quantity, aggregation: sum,   column: quantity }
                      - { name: orders,   aggregation: count }
                      - { name: buyers,   aggregation: countDistinct, column: customer_id }
                      - { name: avgQuantity, aggregation: avg, column: quantity }
                      - { name: avgPrice, formula: "revenue / quantity" }
                    defaultAccess: all
                  - name: world
                    fact: fx
                    dimensions:
                      - name: geography
                        hierarchies: [ { name: geography, levels: [ {name: continent, column: continent},
                                                                    {name: country, column: country} ] } ]
                      - name: currency
                        hierarchies: [ { name: currency, levels: [ {name: currency, column: currency} ] } ]
                    measures:
                      - { name: amount, aggregation: sum, column: amount }
                      - { name: rows, aggregation: count }
                  - name: locked
                    fact: fx
                    dimensions:
                      - name: currency
                        hierarchies: [ { name: currency, levels: [ {name: currency, column: currency} ] } ]
                    measures:
                      - { name: amount, aggregation: sum, column: amount }
                    defaultAccess: none
                """.formatted(engineExtra == null ? "" : engineExtra, dir, dir, dir);
    }
}
