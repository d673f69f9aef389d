package dev.tessera.cube.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.cube.QueryFailedException;
import dev.tessera.cube.TestConfig;
import dev.tessera.cube.engine.Cursor;
import dev.tessera.cube.engine.ReloadInProgressException;
import dev.tessera.cube.engine.ReloadReport;
import dev.tessera.cube.sql.BoundSql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's generations: a query keeps the version it started on, old versions close after their last query. */
class GenerationSwapTest {
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final int ROWS = 5_000;

    @TempDir
    Path dir;
    private DuckDbEngine engine;

    private DuckDbEngine start(String database) throws Exception {
        writeValues(1);
        TestConfig config = TestConfig.parse(dir, "engine:\n  database: \"" + database + "\"\n  threads: 1\n"
                + "  memoryLimit: 128MB\n  tables:\n    - { name: t, source: \"" + dir.resolve("t.csv") + "\" }\n");
        engine = new DuckDbEngine(config.engine);
        engine.start();
        return engine;
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.stop();
        }
    }

    private void writeValues(int value) throws Exception {
        StringBuilder csv = new StringBuilder("n,v\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append(i).append(',').append(value).append('\n');
        }
        Files.writeString(dir.resolve("t.csv"), csv);
    }

    private long sum() {
        return engine.query("test", BoundSql.of("SELECT sum(v) FROM t", List.of()), LONG, rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    @Test
    void aRunningQueryKeepsItsVersionAndTheOldVersionClosesAfterIt() throws Exception {
        start(":memory:");
        Generation first = engine.servedGeneration();
        try (Cursor running = engine.open("test", BoundSql.of("SELECT v FROM t ORDER BY n", List.of()), LONG)) {
            writeValues(2);
            ReloadReport report = engine.reload("test");
            assertThat(report.succeeded()).as(report.error()).isTrue();
            assertThat(report.dataVersion()).isGreaterThan(first.version()).isEqualTo(engine.dataVersion());
            assertThat(sum()).isEqualTo(2L * ROWS);
            assertThat(first.isClosed()).as("a query still reads the old version").isFalse();
            ResultSet rs = running.resultSet();
            long rows = 0;
            while (rs.next()) {
                assertThat(rs.getInt(1)).isEqualTo(1);
                rows++;
            }
            assertThat(rows).isEqualTo(ROWS);
        }
        assertThat(first.isClosed()).as("closed with its last query").isTrue();
        assertThat(engine.servedGeneration().isClosed()).isFalse();
    }

    @Test
    void aReloadedVersionIsLockedDownBeforeItServesAQuery() throws Exception {
        start(":memory:");
        assertThat(engine.reload("test").succeeded()).isTrue();
        String csv = dir.resolve("t.csv").toString();
        assertThatThrownBy(() -> engine.query("test", BoundSql.of("SELECT count(*) FROM read_csv('" + csv + "')", List.of()),
                LONG, rs -> rs.next())).isInstanceOf(QueryFailedException.class).hasMessageContaining("disabled");
        assertThatThrownBy(() -> engine.query("test", BoundSql.of("SET enable_external_access = true", List.of()), LONG,
                rs -> rs.next())).isInstanceOf(QueryFailedException.class).hasMessageContaining("locked");
    }

    @Test
    void aReloadAskedForDuringAnotherIsRefusedAndTheRunningOneFinishes() throws Exception {
        start(":memory:");
        CountDownLatch checking = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        engine.checkReloadsWith(candidate -> {
            checking.countDown();
            try {
                proceed.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        });
        CompletableFuture<ReloadReport> first = CompletableFuture.supplyAsync(() -> engine.reload("first"));
        assertThat(checking.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> engine.reload("second")).isInstanceOf(ReloadInProgressException.class);
        proceed.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).succeeded()).isTrue();
        assertThat(engine.succeededReloads()).isEqualTo(1);
    }

    @Test
    void aCandidateTheCheckRefusesIsClosedAndTheOldDataStays() throws Exception {
        start(":memory:");
        long version = engine.dataVersion();
        engine.checkReloadsWith(candidate -> List.of("cube 'c': measure 'm' is int and would become double"));
        writeValues(2);
        ReloadReport report = engine.reload("test");
        assertThat(report.succeeded()).isFalse();
        assertThat(report.error()).contains("measure 'm' is int and would become double");
        assertThat(report.dataVersion()).isEqualTo(version).isEqualTo(engine.dataVersion());
        assertThat(sum()).isEqualTo(ROWS);
        assertThat(engine.failedReloads()).isEqualTo(1);
        assertThat(engine.lastReload()).contains(report);
    }

    @Test
    void aFileDatabaseReloadsIntoFilesOfItsOwnAndDeletesThemWhenDone() throws Exception {
        Path database = dir.resolve("engine.duckdb");
        Files.writeString(dir.resolve("engine.duckdb.reload-7"), "left by a crash");
        Files.writeString(dir.resolve("engine.duckdb.reload-7.wal"), "left by a crash");
        start(database.toString());
        assertThat(dir.resolve("engine.duckdb.reload-7")).doesNotExist();
        assertThat(dir.resolve("engine.duckdb.reload-7.wal")).doesNotExist();
        writeValues(2);
        assertThat(engine.reload("second").succeeded()).isTrue();
        assertThat(dir.resolve("engine.duckdb.reload-2")).exists();
        writeValues(3);
        assertThat(engine.reload("third").succeeded()).isTrue();
        assertThat(dir.resolve("engine.duckdb.reload-2")).doesNotExist();
        assertThat(sum()).isEqualTo(3L * ROWS);
        engine.stop();
        assertThat(dir.resolve("engine.duckdb.reload-3")).doesNotExist();
        assertThat(database).exists();
    }
}
