package dev.tessera.cube.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Query answers kept in memory, bounded in bytes (an estimate, see {@link AnswerWeigher}). A key names the engine's
 * data version, so a reload makes the old entries unreachable at once; the first request that sees a new version
 * also drops them, so they do not wait for eviction. Two identical requests in flight run once: the second waits for
 * the first's answer (single-flight); should the first fail (its own timeout, its user's cap), each waiting request
 * runs its own. A failed load is not kept.
 */
public final class ResultCache {

    /** What a server without {@code resultCache} (or with {@code enabled: false}) has: every request runs. */
    public static final ResultCache DISABLED = new ResultCache(0, false);

    private final boolean enabled;
    private final AsyncCache<CacheKey, Object> answers;
    private final Map<String, Long> versionOfEngine = new ConcurrentHashMap<>();
    private final LongAdder bypasses = new LongAdder();

    public ResultCache(long maxBytes, boolean enabled) {
        this.enabled = enabled && maxBytes > 0;
        this.answers = Caffeine.newBuilder()
                .maximumWeight(Math.max(maxBytes, 0))
                .weigher((CacheKey key, Object answer) -> AnswerWeigher.weigh(key, answer))
                .recordStats()
                .executor(Runnable::run) // evictions happen on the request that overfills, not later on a pool
                .buildAsync();
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * The answer under {@code key}, loading it on the caller's thread when absent (or when {@code refresh}: the
     * request said {@code Cache-Control: no-cache}, so it runs and its answer replaces the kept one).
     */
    @SuppressWarnings("unchecked")
    public <T> T get(CacheKey key, boolean refresh, Supplier<T> load) {
        if (!enabled) {
            return load.get();
        }
        dropOlderVersions(key);
        if (refresh) {
            bypasses.increment();
            T fresh = load.get();
            answers.put(key, CompletableFuture.completedFuture(fresh));
            return fresh;
        }
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> found = answers.get(key, (k, executor) -> mine);
        if (found != mine) {
            try {
                return (T) await(found);
            } catch (RuntimeException leaderFailed) {
                // The first request's failure was its own (its timeout, its share of the engine): run this one.
                T loaded = load.get();
                answers.put(key, CompletableFuture.completedFuture(loaded));
                return loaded;
            }
        }
        try {
            T loaded = load.get();
            mine.complete(loaded);
            return loaded;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e); // Caffeine drops a failed entry; those waiting run their own
            throw e;
        }
    }

    /** Hits (waiting for an identical request in flight counts as one), misses (loads) and evictions. */
    public CacheStats stats() {
        return answers.synchronous().stats();
    }

    /** Requests that skipped the cache with {@code Cache-Control: no-cache}. */
    public long bypasses() {
        return bypasses.sum();
    }

    /** The estimated bytes held now. */
    public long weightBytes() {
        return answers.synchronous().policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
    }

    public long entries() {
        return answers.synchronous().estimatedSize();
    }

    private void dropOlderVersions(CacheKey key) {
        Long seen = versionOfEngine.put(key.engine(), key.dataVersion());
        if (seen != null && seen != key.dataVersion()) {
            answers.synchronous().asMap().keySet().removeIf(
                    old -> old.engine().equals(key.engine()) && old.dataVersion() != key.dataVersion());
        }
    }

    private static Object await(CompletableFuture<Object> inFlight) {
        try {
            return inFlight.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
