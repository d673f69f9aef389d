package dev.tessera.cube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.cube.duckdb.DuckDbEngine;
import dev.tessera.cube.query.CubeQuery;
import dev.tessera.cube.restrict.EffectiveRestriction;
import dev.tessera.cube.sample.SampleGenerator;
import io.dropwizard.jackson.Jackson;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void sameSeedSameBytesOtherSeedOtherData() throws Exception {
        SampleGenerator.generate(dir.resolve("a"), 3000, 7);
        SampleGenerator.generate(dir.resolve("b"), 3000, 7);
        SampleGenerator.generate(dir.resolve("c"), 3000, 8);
        try (var written = Files.list(dir.resolve("a"))) {
            assertThat(written.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(SampleGenerator.FILES);
        }
        for (String f : SampleGenerator.FILES) {
            assertThat(sha(dir.resolve("a/" + f))).as(f).isEqualTo(sha(dir.resolve("b/" + f)));
        }
        assertThat(sha(dir.resolve("a/sales.parquet"))).isNotEqualTo(sha(dir.resolve("c/sales.parquet")));
    }

    @Test
    void theSampleCubeLoadsAndAnswers() throws Exception {
        Path out = dir.resolve("data/sample");
        SampleGenerator.generate(out, 5000, SampleGenerator.DEFAULT_SEED);
        String yaml;
        try (InputStream in = getClass().getResourceAsStream("/sample-cube.yml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("data/sample/", out + "/");
        }
        TestConfig config = TestConfig.parse(dir, yaml);
        DuckDbEngine engine = new DuckDbEngine(config.engine);
        engine.start();
        try {
            CubeService cubes = CubeService.compile(engine, config.cubes);
            CubeQuery q = Jackson.newObjectMapper().readValue("{\"measures\":[\"orders\",\"buyers\",\"avgPrice\"],"
                    + "\"levels\":[\"geo.continent\"],\"totals\":{\"grand\":true}}", CubeQuery.class);
            QueryResult r = cubes.query("sales", q, EffectiveRestriction.ALL, "u");
            assertThat(r.rows()).hasSize(7); // six continents and the grand total
            assertThat(r.rows().get(6)[1]).isEqualTo(5000L);
            assertThat(cubes.members("sales", "geo.country", null, 1000, EffectiveRestriction.ALL, "u").members().size())
                    .isBetween(45, 50);
            assertThat(cubes.members("sales", "time.year", null, null, EffectiveRestriction.ALL, "u").members())
                    .containsExactly(2022L, 2023L, 2024L);
            assertThat(cubes.members("sales", "product.category", null, 1000, EffectiveRestriction.ALL, "u").members())
                    .hasSize(50);
        } finally {
            engine.stop();
        }
    }

    private static String sha(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
