package dev.tessera.cube.aggregate;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a remote engine's aggregates again on their {@code refresh} (the shortest one given), and until their first
 * build succeeded (the remote engine was down at start), every {@link #RETRY}. Each copy is a reload of the
 * aggregates' own DuckDB: built beside the served copy and swapped in one step, so a query reads one copy throughout.
 */
public final class AggregateRefresh implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(AggregateRefresh.class);
    static final Duration RETRY = Duration.ofSeconds(10);

    private final AggregateStore store;
    private ScheduledExecutorService timer;
    /** The schedule; ticks catch their own failures, so nothing is ever read from it. */
    private ScheduledFuture<?> ticks;

    public AggregateRefresh(AggregateStore store) {
        this.store = store;
    }

    @Override
    public synchronized void start() {
        Duration tick = store.refresh().filter(r -> r.compareTo(RETRY) < 0).orElse(RETRY);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tessera-aggregates-" + store.engineName());
            t.setDaemon(true);
            return t;
        });
        ticks = timer.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            if (!store.isCompiled()) {
                return; // the remote engine has not been reached yet: its cubes compile first
            }
            List<BuildStats> builds = store.stats();
            boolean due = builds.isEmpty() || store.refresh().map(r -> builds.stream().map(BuildStats::builtAt)
                    .min(Instant::compareTo).map(at -> !at.plus(r).isAfter(Instant.now())).orElse(true)).orElse(false);
            if (due) {
                store.local().reloadAfterAnyRunning("aggregate refresh");
            }
        } catch (RuntimeException e) {
            LOG.warn("refreshing the aggregates of engine '{}' failed: {}", store.engineName(), e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            ticks.cancel(false);
            timer.shutdownNow();
            timer = null;
        }
        store.local().stop();
    }
}
