package dev.tessera.cube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.cube.duckdb.DuckDbEngine;
import dev.tessera.cube.sql.BoundSql;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fair scheduling on real DuckDB statements: two workers, and a user who keeps four slow statements in flight (the
 * per-user cap) holds one of them, never both. Before, the four took both workers and the queue, and another user's
 * one-row query waited behind them until they timed out.
 */
class FairEngineTest {
    /** Seconds of work on one DuckDB thread unless cancelled. */
    static final BoundSql SLOW = BoundSql.of("SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b", List.of());
    static final Duration SLOW_TIMEOUT = Duration.ofSeconds(8);

    static final ExecutorService CALLERS = Executors.newCachedThreadPool();

    @TempDir
    static Path dir;
    static Fixture fx;
    static DuckDbEngine engine;

    @BeforeAll
    static void start() throws Exception {
        fx = Fixture.start(dir, "  maxConcurrentQueries: 2\n  maxConcurrentQueriesPerUser: 4\n");
        engine = fx.engine;
    }

    @AfterAll
    static void stop() {
        CALLERS.shutdownNow();
        fx.stop();
    }

    /** Each slow statement blocks its caller, as a request thread would: one thread each. */
    static CompletableFuture<Object> slow(String user, CountDownLatch sent) {
        return CompletableFuture.supplyAsync(() -> {
            sent.countDown();
            return engine.query(user, SLOW, SLOW_TIMEOUT, rs -> rs.next());
        }, CALLERS);
    }

    static String one(String user, String sql) {
        return engine.query(user, BoundSql.of(sql, List.of()), Duration.ofSeconds(20), rs -> {
            rs.next();
            return rs.getString(1);
        });
    }

    @Test
    void theDefaultShareIsAllWorkersButOne(@TempDir Path other) throws Exception {
        assertThat(engine.config().maxConcurrentQueries()).isEqualTo(2);
        assertThat(engine.config().maxRunningQueriesPerUser()).isEqualTo(1);
        assertThat(TestConfig.parse(other, "engine:\n  maxConcurrentQueries: 1\n").engine.maxRunningQueriesPerUser()).isEqualTo(1);
        assertThat(TestConfig.parse(other, "engine:\n  maxConcurrentQueries: 8\n").engine.maxRunningQueriesPerUser()).isEqualTo(7);
        assertThat(TestConfig.parse(other, "engine:\n  maxConcurrentQueries: 8\n  maxRunningQueriesPerUser: 2\n")
                .engine.maxRunningQueriesPerUser()).isEqualTo(2);
        assertThatThrownBy(() -> TestConfig.parse(other, "engine:\n  maxConcurrentQueries: 2\n  maxRunningQueriesPerUser: 3\n"))
                .hasMessageContaining("maxRunningQueriesPerUser must not exceed maxConcurrentQueries");
    }

    @Test
    void anotherUsersQueryIsAnsweredWhileOneUserFloodsTheEngine() throws Exception {
        List<CompletableFuture<Object>> flood = new ArrayList<>();
        CountDownLatch sent = new CountDownLatch(4);
        for (int i = 0; i < 4; i++) {
            flood.add(slow("flooder", sent));
        }
        sent.await();
        Thread.sleep(300); // the flood reaches the engine first, as in the attack; the 429 below proves it did
        assertThatThrownBy(() -> one("flooder", "SELECT 1")).isInstanceOf(TooManyQueriesException.class);

        assertThat(one("bystander", "SELECT count(*) FROM sales")).isEqualTo(String.valueOf(Fixture.SALES));
        assertThat(flood).as("the flood's statements were all still running or waiting").noneMatch(CompletableFuture::isDone);

        for (CompletableFuture<Object> f : flood) {
            assertThatThrownBy(() -> f.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(QueryTimeoutException.class);
        }
        assertThat(one("flooder", "SELECT 2")).isEqualTo("2");
    }
}
