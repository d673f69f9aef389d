package dev.tessera.cube.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.cube.TestConfig;
import dev.tessera.cube.model.CubeCompiler;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cube's {@code aggregates:} checked as {@code check config.yml} and start-up check them: each problem names cube and aggregate. */
class AggregateCompilerTest {
    private static final String CUBE = """
              - name: sales
                fact: sales
                dimensions:
                  - name: geo
                    hierarchies: [ { name: geo, levels: [ {name: country, column: country}, {name: city, column: city} ] } ]
                measures:
                  - { name: revenue, aggregation: sum, column: quantity }
                  - { name: buyers, aggregation: countDistinct, column: customer }
                  - { name: perBuyer, formula: "revenue / buyers" }
                  - { name: avgQty, aggregation: avg, column: quantity }
                aggregates:
            """;

    @TempDir
    Path dir;

    List<String> problems(String aggregates) throws Exception {
        return CubeCompiler.validate(TestConfig.parse(dir, "cubes:\n" + CUBE + aggregates).cubes);
    }

    @Test
    void aWellFormedAggregateHasNoProblem() throws Exception {
        assertThat(problems("      - { name: byCountry, levels: [ geo.country ], measures: [ revenue, avgQty ] }\n")).isEmpty();
    }

    @Test
    void unknownNamesAndDistinctCountsAreRefusedNamingCubeAndAggregate() throws Exception {
        List<String> p = problems("""
                      - { name: byPlanet, levels: [ geo.planet ], measures: [ revenue ] }
                      - { name: byCountry, levels: [ geo.country ], measures: [ profit, buyers, perBuyer ] }
                      - { name: byCountry, levels: [ geo.country, geo.country ], measures: [] }
                """);
        assertThat(p).containsExactly(
                "cube 'sales': aggregate 'byPlanet': level 'geo.planet' is not a level of the cube; levels are: geo.country, geo.city",
                "cube 'sales': aggregate 'byCountry': measure 'profit' is not a measure of the cube; measures are: revenue, buyers,"
                        + " perBuyer, avgQty",
                "cube 'sales': aggregate 'byCountry': measure 'buyers' is a countDistinct: it cannot be answered from an aggregate"
                        + " (which values were distinct is lost once rows are combined); leave it out, and queries asking for it"
                        + " read the facts",
                "cube 'sales': aggregate 'byCountry': measure 'perBuyer' reads 'buyers', which is a countDistinct: it cannot be"
                        + " answered from an aggregate (which values were distinct is lost once rows are combined); leave it out,"
                        + " and queries asking for it read the facts",
                "cube 'sales': aggregate 'byCountry': another aggregate of the cube has the same name",
                "cube 'sales': aggregate 'byCountry': level 'geo.country' is named twice",
                "cube 'sales': aggregate 'byCountry': measures must name at least one measure of the cube");
    }
}
