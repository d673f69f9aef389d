package dev.tessera.cube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.cube.duckdb.DuckDbEngine;
import dev.tessera.cube.model.CubeCompiler;
import dev.tessera.cube.model.DataType;
import dev.tessera.cube.model.InvalidCubeModelException;
import dev.tessera.cube.model.TableCatalog;
import dev.tessera.cube.query.CubeQuery;
import dev.tessera.cube.restrict.EffectiveRestriction;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.util.Duration;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CubeCompilerTest {
    static final ObjectMapper JSON = Jackson.newObjectMapper();
    @TempDir
    Path dir;

    static final TableCatalog CATALOG = new TableCatalog(Map.of(
            "sales", cols("product_id", DataType.INT, "quantity", DataType.INT, "country", DataType.STRING, "id", DataType.INT),
            "products", cols("id", DataType.INT, "name", DataType.STRING, "category", DataType.STRING),
            "stores", cols("id", DataType.INT, "name", DataType.STRING)));

    static Map<String, DataType> cols(Object... kv) {
        Map<String, DataType> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (DataType) kv[i + 1]);
        }
        return m;
    }

    List<String> problems(String cubesYaml, TableCatalog catalog) throws Exception {
        return CubeCompiler.validate(TestConfig.parse(dir, "cubes:\n" + cubesYaml).cubes, catalog);
    }

    @Test
    void structuralProblemsNameCubeItemAndWhatIsWrong() throws Exception {
        List<String> p = problems("""
                  - name: sales
                    fact: sales
                    dimensions:
                      - name: geo
                        hierarchies:
                          - { name: geo, levels: [ {name: country, column: country, expression: "upper(country)"}, {name: city} ,
                                                   {name: country, column: country} ] }
                      - name: geo2
                        hierarchies: [ { name: geo, levels: [ {name: x, column: x} ] } ]
                    measures:
                      - { name: revenue, aggregation: sum, column: quantity }
                      - { name: revenue, aggregation: sum, column: quantity }
                      - { name: margin, formula: "revenue - cost" }
                      - { name: loop1, formula: "loop2 * 2" }
                      - { name: loop2, formula: "loop1 + 1" }
                      - { name: broken, formula: "revenue / (quantity" }
                      - { name: both, aggregation: sum, formula: "revenue" }
                      - { name: _grouping, aggregation: count }
                      - { name: "bad.name", aggregation: count }
                      - { name: nothing, aggregation: sum }
                  - name: sales
                    measures: [ { name: n, aggregation: count } ]
                """, null);
        assertThat(p).contains(
                "cube 'sales': level 'geo.country': give either column or expression, not both",
                "cube 'sales': level 'geo.city': give either column or expression, not neither",
                "cube 'sales': level 'geo.country' is defined twice",
                "cube 'sales': hierarchy 'geo' is defined twice (hierarchy names are unique in a cube, levels are named hierarchy.level)",
                "cube 'sales': measure 'revenue' is defined twice",
                "cube 'sales': measure 'margin': formula names unknown measure 'cost'; measures are: revenue, margin, loop1, loop2",
                "cube 'sales': measure 'loop1': formula refers back to itself",
                "cube 'sales': measure 'both': a formula measure takes no aggregation, column or expression",
                "cube 'sales': measure '_grouping': the name is reserved for the totals marker column",
                "cube 'sales': measure 'nothing': give either column or expression, not neither",
                "cube 'sales': another cube has the same name",
                "cube 'sales': fact (the fact table) is required");
        assertThat(p).anyMatch(s -> s.startsWith(
                "cube 'sales': measure 'broken': formula \"revenue / (quantity\" cannot be read: missing ')'"));
        assertThat(p).anyMatch(s -> s.startsWith("cube 'sales': measure 'bad.name': name is required and must match"));
    }

    @Test
    void aCubesTimeZoneAndWeekStartAreCheckedAtStart() throws Exception {
        String cube = "  - { name: s, fact: sales, %s, measures: [ { name: n, aggregation: count } ] }\n";
        assertThat(problems(cube.formatted("timeZone: Europe/Paris, weekStart: sunday"), CATALOG)).isEmpty();
        assertThat(problems(cube.formatted("timeZone: Mars/Olympus, weekStart: funday"), CATALOG)).containsExactly(
                "cube 's': timeZone 'Mars/Olympus' is not a time zone name (such as Europe/Paris or UTC)",
                "cube 's': weekStart 'funday' is not a day of the week (monday ... sunday)");
    }

    @Test
    void columnsAreCheckedAgainstTheEngine() throws Exception {
        List<String> p = problems("""
                  - name: sales
                    fact: sales
                    joins: [ { table: products, match: { product_id: id } }, { table: stores, match: { store_id: id } },
                             { table: nope, match: { a: b } } ]
                    dimensions:
                      - name: geo
                        hierarchies: [ { name: geo, levels: [ {name: country, column: contry}, {name: item, column: name},
                                                              {name: cat, column: products.category}, {name: z, column: other.z} ] } ]
                    measures:
                      - { name: total, aggregation: sum, column: country }
                      - { name: n, aggregation: count }
                """, CATALOG);
        assertThat(p).containsExactlyInAnyOrder(
                "cube 'sales': join 'stores': fact column 'store_id' not found in sales; columns are: product_id, quantity, country, id",
                "cube 'sales': join 'nope': table 'nope' is not loaded; tables are: " + String.join(", ", CATALOG.tables().keySet()),
                "cube 'sales': level 'geo.country': column 'contry' not found in sales, products, stores",
                "cube 'sales': level 'geo.item': column 'name' is in several joined tables (products, stores); write table.column",
                "cube 'sales': level 'geo.z': column 'other.z' names table 'other', which is neither the fact table nor joined;"
                        + " tables are: sales, products, stores",
                "cube 'sales': measure 'total': sum needs a numeric column, 'country' is string");
        assertThat(problems("  - { name: s, fact: salez, measures: [ { name: n, aggregation: count } ] }\n", CATALOG))
                .containsExactly("cube 's': fact table 'salez' is not loaded; tables are: " + String.join(", ", CATALOG.tables().keySet()));
    }

    @Test
    void joinPairsGoUnderMatchOrItsOldNameOnButNotUnderTheTrueAYaml11ToolMakesOfOn() throws Exception {
        String cube = """
                  - name: sales
                    fact: sales
                    joins: [ { table: products, %s } ]
                    dimensions:
                      - name: product
                        hierarchies: [ { name: product, levels: [ {name: category, column: products.category} ] } ]
                    measures: [ { name: n, aggregation: count } ]
                """;
        assertThat(problems(cube.formatted("match: { product_id: id }"), CATALOG)).isEmpty();
        assertThat(problems(cube.formatted("on: { product_id: id }"), CATALOG)).isEmpty();
        assertThat(problems(cube.formatted("true: { product_id: id }"), CATALOG)).containsExactly(
                "cube 'sales': join 'products': the key 'true' is 'on' as a YAML 1.1 tool (PyYAML, Ansible, older yq) "
                        + "rewrites it; write 'match:' instead");
        assertThat(problems(cube.formatted("match: { product_id: id }, on: { product_id: id }"), CATALOG)).containsExactly(
                "cube 'sales': join 'products': give 'match' or its old name 'on', not both");
        assertThat(problems(cube.formatted("match: {}"), CATALOG)).containsExactly(
                "cube 'sales': join 'products': 'match' needs at least one pair factColumn: tableColumn");
    }

    @Test
    void badExpressionsFailStartWithTheEnginesReason() throws Exception {
        Fixture.writeData(dir);
        TestConfig config = TestConfig.parse(dir, """
                engine:
                  threads: 1
                  tables: [ { name: sales, source: "%s/sales.csv" } ]
                cubes:
                  - name: sales
                    fact: sales
                    dimensions:
                      - name: time
                        hierarchies: [ { name: time, levels: [ {name: year, expression: "year(sale_dat)"} ] } ]
                    measures:
                      - { name: revenue, aggregation: sum, expression: "quantity * nothing" }
                """.formatted(dir));
        DuckDbEngine engine = new DuckDbEngine(config.engine);
        try {
            engine.start();
            assertThatThrownBy(() -> CubeService.compile(engine, config.cubes)).isInstanceOf(InvalidCubeModelException.class)
                    .hasMessageContaining("cube 'sales': level 'time.year': expression \"year(sale_dat)\" does not work: Binder Error")
                    .hasMessageContaining("cube 'sales': measure 'revenue': expression \"quantity * nothing\" does not work");
        } finally {
            engine.stop();
        }
    }

    @Test
    void anExpressionLevelWithoutATypeTakesTheEnginesType() throws Exception {
        Fixture.writeData(dir);
        TestConfig config = TestConfig.parse(dir, """
                engine:
                  threads: 1
                  tables: [ { name: sales, source: "%s/sales.csv" } ]
                cubes:
                  - name: sales
                    fact: sales
                    dimensions:
                      - name: time
                        hierarchies: [ { name: time, levels: [ {name: year, expression: "year(sale_date)"},
                                                               {name: initial, expression: "left(country, 1)"} ] } ]
                    measures:
                      - { name: orders, aggregation: count }
                """.formatted(dir));
        DuckDbEngine engine = new DuckDbEngine(config.engine);
        try {
            engine.start();
            CubeService service = CubeService.compile(engine, config.cubes);
            assertThat(service.metadata("sales").dimensions().get(0).hierarchies().get(0).levels())
                    .extracting(level -> level.type()).containsExactly(DataType.INT, DataType.STRING);
        } finally {
            engine.stop();
        }
    }

    @Test
    void anExpressionJoinsOnlyWhenItNeedsToAndAFormulaTakesTheJoinsOfWhatItNames() throws Exception {
        Fixture.writeData(dir);
        TestConfig config = TestConfig.parse(dir, """
                engine:
                  threads: 1
                  tables: [ { name: sales, source: "%s/sales.csv" }, { name: products, source: "%s/products.csv" } ]
                cubes:
                  - name: sales
                    fact: sales
                    joins: [ { table: products, match: { product_id: id } } ]
                    dimensions:
                      - name: product
                        hierarchies: [ { name: product, levels: [ {name: shout, expression: "upper(category)"},
                                                                  {name: country, expression: "upper(country)"} ] } ]
                    measures:
                      - { name: units,     aggregation: sum, expression: "quantity * 1" }
                      - { name: kinds,     aggregation: countDistinct, column: products.category }
                      - { name: perKind,   formula: "units / kinds" }
                      - { name: twice,     formula: "perKind * 2" }
                      - { name: unitsBack, formula: "units * 1" }
                """.formatted(dir, dir));
        DuckDbEngine engine = new DuckDbEngine(config.engine);
        try {
            engine.start();
            CubeService service = CubeService.compile(engine, config.cubes);
            assertThat(sql(service, "{\"measures\":[\"units\"],\"levels\":[\"product.country\"]}")).doesNotContain("JOIN");
            assertThat(sql(service, "{\"measures\":[\"unitsBack\"]}")).doesNotContain("JOIN");
            assertThat(sql(service, "{\"levels\":[\"product.shout\"]}")).contains("LEFT JOIN \"products\"");
            assertThat(sql(service, "{\"measures\":[\"twice\"]}")).contains("LEFT JOIN \"products\"");
        } finally {
            engine.stop();
        }
    }

    private static String sql(CubeService service, String query) throws Exception {
        return service.explain("sales", JSON.readValue(query, CubeQuery.class), EffectiveRestriction.ALL).sql();
    }

    @Test
    void engineConfigDefaultsAndDesignExampleParse() throws Exception {
        TestConfig c = TestConfig.parse(dir, """
                engine:
                  database: ":memory:"
                  tables:
                    - { name: sales,    source: data/sample/sales.parquet }
                    - { name: products, source: data/sample/products.csv }
                cubes:
                  - name: sales
                    fact: sales
                    joins: [ { table: products, on: { product_id: id } } ]
                    dimensions:
                      - name: geo
                        hierarchies: [ { name: geo, levels: [ {name: continent, column: continent}, {name: country, column: country},
                                                              {name: city, column: city} ] } ]
                      - name: time
                        hierarchies: [ { name: time, levels: [ {name: year, expression: "year(sale_date)", type: int},
                                                               {name: date, column: sale_date, type: date} ] } ]
                    measures:
                      - { name: revenue,  aggregation: sum,   expression: "quantity * price", format: "#,##0.00" }
                      - { name: quantity, aggregation: sum,   column: quantity }
                      - { name: orders,   aggregation: count }
                      - { name: buyers,   aggregation: countDistinct, column: customer_id }
                      - { name: avgPrice, formula: "revenue / quantity" }
                    defaultAccess: all            # or none: fail closed
                """);
        assertThat(c.engine.maxRows()).isEqualTo(100_000);
        assertThat(c.engine.csvMaxRows()).isEqualTo(1_000_000);
        assertThat(c.engine.queryTimeout()).isEqualTo(Duration.seconds(30));
        assertThat(c.engine.maxConcurrentQueriesPerUser()).isEqualTo(4);
        assertThat(c.engine.effectiveMemoryLimitBytes()).isGreaterThanOrEqualTo(256L << 20);
        assertThat(c.engine.tables().get(1).effectiveFormat().jsonName()).isEqualTo("csv");
        assertThat(CubeCompiler.validate(c.cubes)).isEmpty();
        assertThat(c.cubes.get(0).joins().get(0).pairs()).containsEntry("product_id", "id"); // 'on', the old key

        assertThatThrownBy(() -> TestConfig.parse(dir, "engine:\n  maxRow: 5\n")).hasMessageContaining("maxRow");
        assertThatThrownBy(() -> TestConfig.parse(dir, "engine:\n  tables: [ { name: t, source: data.xlsx } ]\n"))
                .hasMessageContaining("must end in .parquet or .csv");
        assertThatThrownBy(() -> TestConfig.parse(dir, "engine:\n  maxRows: 0\n")).hasMessageContaining("maxRows");
        assertThatThrownBy(() -> TestConfig.parse(dir, "cubes: [ { name: c, fact: f, measures: [ { name: m, aggregation: median } ] } ]\n"))
                .hasMessageContaining("median");
    }
}
