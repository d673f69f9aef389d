package dev.tessera.cube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.cube.duckdb.DuckDbEngine;
import dev.tessera.cube.duckdb.TableFilesMissingException;
import dev.tessera.cube.duckdb.TableLoadException;
import dev.tessera.cube.engine.Cursor;
import dev.tessera.cube.model.DataType;
import dev.tessera.cube.sql.BoundSql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
    static final Duration LONG = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static Fixture fx;
    static DuckDbEngine engine;

    @BeforeAll
    static void start() throws Exception {
        // one worker: a statement that is not really cancelled would keep the next one waiting
        fx = Fixture.start(dir, "  maxConcurrentQueries: 1\n  maxConcurrentQueriesPerUser: 2\n");
        engine = fx.engine;
    }

    @AfterAll
    static void stop() {
        fx.stop();
    }

    static String scalar(String sql) {
        return engine.query("t", BoundSql.of(sql, List.of()), LONG, rs -> {
            rs.next();
            return rs.getString(1);
        });
    }

    @Test
    void timeoutCancelsTheStatementInTheEngine() {
        BoundSql slow = BoundSql.of("SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b", List.of());
        assertThatThrownBy(() -> engine.query("t", slow, Duration.ofMillis(200), rs -> rs.next()))
                .isInstanceOf(QueryTimeoutException.class).hasMessageContaining("200 ms");
        // the only worker is free again, so the statement stopped
        assertThat(scalar("SELECT 42")).isEqualTo("42");
        assertThat(scalar("SELECT 43")).isEqualTo("43");
    }

    @Test
    @SuppressWarnings("try") // a and b are only held open: two running queries are what the cap counts
    void perUserCapRefusesTheThirdQuery() {
        BoundSql quick = BoundSql.of("SELECT 1", List.of());
        try (Cursor a = engine.open("alice", quick, LONG); Cursor b = engine.open("alice", quick, LONG)) {
            assertThatThrownBy(() -> engine.open("alice", quick, LONG)).isInstanceOf(TooManyQueriesException.class)
                    .extracting(e -> ((TooManyQueriesException) e).scope()).isEqualTo(TooManyQueriesException.Scope.USER);
            assertThat(scalar("SELECT 'bob is not alice'")).isEqualTo("bob is not alice");
        }
        try (Cursor c = engine.open("alice", quick, LONG)) {
            assertThat(c).isNotNull();
        }
    }

    @Test
    void noQueryCanReadOrWriteFilesOnceLoaded() throws Exception {
        Path csv = dir.resolve("sales.csv");
        assertThat(Files.exists(csv)).isTrue();
        assertThatThrownBy(() -> scalar("SELECT count(*) FROM read_csv('" + csv + "')"))
                .isInstanceOf(QueryFailedException.class).hasMessageContaining("disabled");
        assertThatThrownBy(() -> scalar("COPY sales TO '" + dir.resolve("out.csv") + "'"))
                .isInstanceOf(QueryFailedException.class);
        assertThat(Files.exists(dir.resolve("out.csv"))).isFalse();
        assertThatThrownBy(() -> scalar("SET enable_external_access = true"))
                .isInstanceOf(QueryFailedException.class).hasMessageContaining("locked");
    }

    @Test
    void extensionsAreNeitherInstalledNorLoadedOnTheirOwn() {
        assertThat(scalar("SELECT current_setting('autoload_known_extensions')")).isEqualTo("false");
        assertThat(scalar("SELECT current_setting('autoinstall_known_extensions')")).isEqualTo("false");
        assertThat(scalar("SELECT current_setting('lock_configuration')")).isEqualTo("true");
        assertThat(scalar("SELECT current_setting('threads')")).isEqualTo("1");
        assertThat(scalar("SELECT current_setting('memory_limit')")).isEqualTo("256.0 MiB");
        assertThatThrownBy(() -> scalar("SELECT ST_Point(1, 2)")).isInstanceOf(QueryFailedException.class);
        assertThatThrownBy(() -> scalar("INSTALL spatial")).isInstanceOf(QueryFailedException.class);
    }

    @Test
    void catalogListsLoadedTablesWithTypes() {
        assertThat(engine.catalog().tables()).containsKeys("sales", "products", "fx");
        assertThat(engine.catalog().type("sales", "sale_date")).isEqualTo(DataType.DATE);
        assertThat(engine.catalog().type("sales", "price")).isEqualTo(DataType.DOUBLE);
        assertThat(engine.catalog().type("fx", "amount")).isEqualTo(DataType.INT);
    }

    @Test
    void badDataFailsStartWithFileAndColumn(@TempDir Path bad) throws Exception {
        StringBuilder csv = new StringBuilder("id,amount\n");
        for (int i = 0; i < 30_000; i++) {
            csv.append(i).append(',').append(i).append('\n');
        }
        csv.append("30000,lots\n");
        Files.writeString(bad.resolve("late.csv"), csv);
        assertThatThrownBy(() -> startWith(bad, "late", bad.resolve("late.csv").toString()))
                .isInstanceOf(TableLoadException.class).hasMessageContaining("table 'late'")
                .hasMessageContaining("late.csv").hasMessageContaining("\"amount\"");
        assertThatThrownBy(() -> startWith(bad, "missing", bad.resolve("nothing-*.parquet").toString()))
                .isInstanceOf(TableLoadException.class).hasMessageContaining("nothing-*.parquet");
        Files.writeString(bad.resolve("broken.parquet"), "not parquet at all");
        assertThatThrownBy(() -> startWith(bad, "broken", bad.resolve("broken.parquet").toString()))
                .isInstanceOf(TableLoadException.class).hasMessageContaining("broken.parquet");
    }

    @Test
    void missingFilesAreAllNamedBeforeAnyTableLoads(@TempDir Path d) throws Exception {
        Files.writeString(d.resolve("here.csv"), "k\n1\n");
        TestConfig config = TestConfig.parse(d, "engine:\n  threads: 1\n  tables:\n"
                + "    - { name: here, source: \"" + d.resolve("here.csv") + "\" }\n"
                + "    - { name: gone, source: \"" + d.resolve("gone.csv") + "\" }\n"
                + "    - { name: sample, source: no/such/sales.parquet }\n");
        DuckDbEngine e = new DuckDbEngine(config.engine);
        assertThatThrownBy(e::start).isInstanceOf(TableFilesMissingException.class)
                .hasMessage("table 'gone' reads " + d.resolve("gone.csv") + ", table 'sample' reads no/such/sales.parquet ("
                        + Path.of("no/such/sales.parquet").toAbsolutePath() + "); none of these files exists")
                .extracting(x -> ((TableFilesMissingException) x).missing().stream().map(m -> m.table()).toList())
                .isEqualTo(List.of("gone", "sample"));
        assertThat(e.isRunning()).isFalse();
    }

    @Test
    void globsLoadEveryMatchingFile(@TempDir Path parts) throws Exception {
        Files.writeString(parts.resolve("p1.csv"), "k,v\na,1\nb,2\n");
        Files.writeString(parts.resolve("p2.csv"), "k,v\nc,3\n");
        DuckDbEngine e = startWith(parts, "parts", parts.resolve("p*.csv").toString());
        try {
            long sum = e.query("t", BoundSql.of("SELECT sum(v) FROM parts", List.of()), LONG, rs -> {
                rs.next();
                return rs.getLong(1);
            });
            assertThat(sum).isEqualTo(6L);
        } finally {
            e.stop();
        }
    }

    private static DuckDbEngine startWith(Path d, String table, String source) throws Exception {
        TestConfig config = TestConfig.parse(d, "engine:\n  threads: 1\n  tables:\n    - { name: " + table
                + ", source: \"" + source + "\" }\n");
        DuckDbEngine e = new DuckDbEngine(config.engine);
        e.start();
        return e;
    }
}
