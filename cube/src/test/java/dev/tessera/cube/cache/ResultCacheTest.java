package dev.tessera.cube.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.cube.QueryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The cache's own rules: single-flight, failures not kept, refresh, the byte bound and old versions dropped. */
class ResultCacheTest {

    private static CacheKey key(long version, String request) {
        return new CacheKey("default", version, "sales", request, "all");
    }

    private static QueryResult answer(int rows) {
        List<Object[]> list = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            list.add(new Object[] {"row " + i, (long) i});
        }
        return new QueryResult(List.of(), list, new QueryResult.Page(rows, 0, rows, false), new QueryResult.Stats(1));
    }

    @Test
    void identicalRequestsInFlightLoadOnce() throws Exception {
        ResultCache cache = new ResultCache(1 << 20, true);
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<QueryResult> first = pool.submit(() -> cache.get(key(1, "q"), false, () -> {
            loads.incrementAndGet();
            loading.countDown();
            await(release);
            return answer(3);
        }));
        assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
        Future<QueryResult> second = pool.submit(() -> cache.get(key(1, "q"), false, () -> {
            loads.incrementAndGet();
            return answer(1);
        }));
        Thread.sleep(100); // the second is waiting on the first's answer
        release.countDown();
        assertThat(second.get(5, TimeUnit.SECONDS)).isSameAs(first.get(5, TimeUnit.SECONDS));
        pool.shutdown();
        assertThat(loads).hasValue(1);
        assertThat(cache.stats().missCount()).isEqualTo(1);
        assertThat(cache.stats().hitCount()).isEqualTo(1);
    }

    @Test
    void whenTheFirstRequestFailsThoseWaitingRunTheirOwn() throws Exception {
        ResultCache cache = new ResultCache(1 << 20, true);
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<QueryResult> first = pool.submit(() -> cache.get(key(1, "q"), false, () -> {
            loading.countDown();
            await(release);
            throw new IllegalStateException("the first user's query timed out");
        }));
        assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
        QueryResult own = answer(2);
        Future<QueryResult> second = pool.submit(() -> cache.get(key(1, "q"), false, () -> own));
        Thread.sleep(100); // the second is waiting on the first
        release.countDown();
        assertThat(second.get(5, TimeUnit.SECONDS)).isSameAs(own);
        assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS)).hasRootCauseMessage("the first user's query timed out");
        pool.shutdown();
        assertThat(cache.get(key(1, "q"), false, () -> answer(9))).as("the second's answer was kept").isSameAs(own);
    }

    @Test
    void aFailedLoadIsNotKeptAndARefreshReplacesTheEntry() {
        ResultCache cache = new ResultCache(1 << 20, true);
        assertThatThrownBy(() -> cache.get(key(1, "q"), false, () -> {
            throw new IllegalStateException("engine down");
        })).hasMessage("engine down");
        QueryResult loaded = cache.get(key(1, "q"), false, () -> answer(2));
        assertThat(cache.get(key(1, "q"), false, () -> answer(5))).isSameAs(loaded);
        QueryResult fresh = cache.get(key(1, "q"), true, () -> answer(4));
        assertThat(fresh).isNotSameAs(loaded);
        assertThat(cache.get(key(1, "q"), false, () -> answer(5))).isSameAs(fresh);
        assertThat(cache.bypasses()).isEqualTo(1);
    }

    @Test
    void theByteBoundEvictsAndANewVersionDropsTheOldOnes() {
        ResultCache cache = new ResultCache(64 * 1024, true);
        for (int i = 0; i < 100; i++) {
            cache.get(key(1, "q" + i), false, () -> answer(50));
        }
        assertThat(cache.stats().evictionCount()).isPositive();
        assertThat(cache.weightBytes()).isLessThanOrEqualTo(64 * 1024);
        long kept = cache.entries();
        assertThat(kept).isPositive();
        cache.get(key(2, "q0"), false, () -> answer(1));
        assertThat(cache.entries()).as("only the new version's entry").isEqualTo(1);
    }

    @Test
    void aDisabledCacheRunsEveryRequest() {
        ResultCache cache = new ResultCache(1 << 20, false);
        AtomicInteger loads = new AtomicInteger();
        cache.get(key(1, "q"), false, () -> answer(loads.incrementAndGet()));
        cache.get(key(1, "q"), false, () -> answer(loads.incrementAndGet()));
        assertThat(loads).hasValue(2);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
