package dev.tessera.cube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.cube.duckdb.DuckDbEngine;
import dev.tessera.cube.query.CubeQuery;
import dev.tessera.cube.query.QueryError;
import dev.tessera.cube.query.QueryValidationException;
import dev.tessera.cube.restrict.EffectiveRestriction;
import dev.tessera.cube.sql.BoundSql;
import io.dropwizard.jackson.Jackson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Numbers of every spelling against decimal, integer and floating measures and levels, on the real engine. A
 * {@code having} with {@code 1E+18} on a decimal measure was a 500: Jackson reads it as a BigDecimal with a negative
 * scale, which DuckDB's driver refuses. Each value here either works (the same rows as the comparison written out
 * in SQL) or is a 422 pointing at the value; none reaches the engine as an error.
 */
class NumericValuesTest {
    static final ObjectMapper JSON = Jackson.newObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static CubeService cubes;
    static DuckDbEngine engine;

    @BeforeAll
    static void start() throws Exception {
        Fixture.writeData(dir);
        TestConfig config = TestConfig.parse(dir, """
                engine:
                  threads: 1
                  memoryLimit: 256MiB
                  tables: [ { name: sales, source: "%s/sales.csv" } ]
                cubes:
                  - name: nums
                    fact: sales
                    dimensions:
                      - name: time
                        hierarchies: [ { name: time, levels: [ {name: year, expression: "year(sale_date)", type: int} ] } ]
                      - name: price
                        hierarchies: [ { name: price, levels: [ {name: price, expression: "CAST(price AS DECIMAL(10,2))",
                                                                type: decimal} ] } ]
                    measures:
                      - { name: revenue, aggregation: sum, expression: "quantity * CAST(price AS DECIMAL(10,2))" }
                      - { name: orders,  aggregation: count }
                      - { name: avgQty,  aggregation: avg, column: quantity }
                """.formatted(dir));
        engine = new DuckDbEngine(config.engine);
        engine.start();
        cubes = CubeService.compile(engine, config.cubes);
    }

    @AfterAll
    static void stop() {
        engine.stop();
    }

    /** Rows per year of the oracle statement: the fact table grouped by year, kept where {@code condition} holds. */
    static long oracle(String condition) {
        String sql = "SELECT count(*) FROM (SELECT year(sale_date) AS y, sum(quantity * CAST(price AS DECIMAL(10,2))) AS revenue, "
                + "count(*) AS orders, avg(quantity) AS avgQty FROM sales GROUP BY 1 HAVING " + condition + ")";
        return engine.query("oracle", BoundSql.of(sql, List.of()), TIMEOUT, rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    static Object answer(String having) throws Exception {
        CubeQuery q = JSON.readValue(("{'levels':['time.year'],'measures':['orders'],'having':" + having + "}").replace('\'', '"'),
                CubeQuery.class);
        try {
            return (long) cubes.query("nums", q, EffectiveRestriction.ALL, "u").rows().size();
        } catch (QueryValidationException e) {
            return e.errors();
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "revenue | gt  | 1E+18                                  | revenue > 1000000000000000000",
            "revenue | lt  | 1E+18                                  | revenue < 1000000000000000000",
            "revenue | gt  | -1e18                                  | revenue > -1000000000000000000",
            "revenue | gt  | 2.5E+3                                 | revenue > 2500",
            "revenue | gte | 1234567890123456789012345678.0123456789 | revenue >= 1234567890123456789012345678.0123456789",
            "revenue | lt  | -9999999999999999999999999999.9999999999 | revenue < -9999999999999999999999999999.9999999999",
            "revenue | gte | 0.0000000001                           | revenue >= 0.0000000001",
            "revenue | gt  | 2.50000000000000000000                 | revenue > 2.5",
            "orders  | gt  | 1E+1                                   | orders > 10",
            "orders  | lt  | 4.0E1                                  | orders < 40",
            "orders  | lte | 9223372036854775807                    | orders <= 9223372036854775807",
            "avgQty  | gt  | 1E+18                                  | avgQty > 1e18",
            "avgQty  | gt  | 2.5e-0                                 | avgQty > 2.5",
    })
    void aNumberThatFitsWorks(String measure, String op, String value, String sql) throws Exception {
        Object answer = answer("{'measure':'" + measure + "','op':'" + op + "','value':" + value + "}");
        assertThat(answer).isEqualTo(oracle(sql));
    }

    @ParameterizedTest(name = "{0} {1}")
    @Timeout(10) // a value written out digit by digit would take minutes and gigabytes
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "revenue | 1E+28                                   | at most 28 digits before the point and 10 after",
            "revenue | 1E-11                                   | at most 28 digits before the point and 10 after",
            "revenue | 0.00000000001                           | at most 28 digits before the point and 10 after",
            "revenue | 12345678901234567890123456789012345678  | at most 28 digits before the point and 10 after",
            "revenue | 1e400                                   | at most 28 digits before the point and 10 after",
            "revenue | 1E+999999999                            | at most 28 digits before the point and 10 after",
            "revenue | -1E-999999999                           | at most 28 digits before the point and 10 after",
            "orders  | 1E+999999999                            | expected an integer",
            "avgQty  | 1E+999999999                            | expected a number between",
            "revenue | '1E+18'                                 | expected a number",
            "orders  | 1.5                                     | expected an integer",
            "orders  | 1E+19                                   | expected an integer",
            "orders  | 92233720368547758070                    | expected an integer",
            "avgQty  | 1e400                                   | expected a number between",
            "avgQty  | -1e400                                  | expected a number between",
    })
    void aNumberThatDoesNotFitIsA422AtItsPlace(String measure, String value, String detail) throws Exception {
        Object answer = answer("[{'measure':'orders','op':'gt','value':0},{'measure':'" + measure + "','op':'gt','value':" + value + "}]");
        assertThat(answer).asInstanceOf(LIST).hasSize(1);
        QueryError error = (QueryError) ((List<?>) answer).get(0);
        assertThat(error.pointer()).isEqualTo("/having/1/value");
        assertThat(error.detail()).contains(detail);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "time.year   | [2.023E+3, 2022.0]       | CAST(year(sale_date) AS BIGINT) IN (2023, 2022)",
            "price.price | [1.5E+0, 250E-2, 3.50]  | CAST(price AS DECIMAL(10,2)) IN (1.5, 2.5, 3.5)",
    })
    void levelFiltersTakeTheSameSpellings(String level, String values, String sql) throws Exception {
        CubeQuery q = JSON.readValue(("{'measures':['orders'],'filters':{'level':'" + level + "','op':'in','values':" + values + "}}")
                .replace('\'', '"'), CubeQuery.class);
        Object orders = cubes.query("nums", q, EffectiveRestriction.ALL, "u").rows().get(0)[0];
        long expected = engine.query("oracle", BoundSql.of("SELECT count(*) FROM sales WHERE " + sql, List.of()), TIMEOUT, rs -> {
            rs.next();
            return rs.getLong(1);
        });
        assertThat(orders).isEqualTo(expected);
        assertThat(expected).isPositive();
    }
}
