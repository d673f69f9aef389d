package dev.tessera.cube.duckdb;

import dev.tessera.cube.engine.Reloadable;
import io.dropwizard.lifecycle.Managed;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What reloads an engine's data without anyone asking: a table's {@code refresh: 15m} schedule, and a table's
 * {@code watch: true}, which polls its files and reloads once a change has settled. Either reloads every table
 * (a new generation holds them all); a trigger that fires during a reload waits for it, then reloads again, so a
 * change made while a reload was reading is never lost.
 */
public final class TableTriggers implements Managed {
    /** How often watched files are looked at. */
    static final long POLL_MILLIS = 500;
    /** How long a changed file must stay unchanged before it is loaded: longer than a writer's pause between blocks. */
    static final long QUIET_MILLIS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(TableTriggers.class);

    private final List<TableConfig> tables;
    private final Reloadable engine;
    private ScheduledExecutorService timer;
    private List<FileWatch> watches = List.of();

    public TableTriggers(List<TableConfig> tables, Reloadable engine) {
        this.tables = List.copyOf(tables);
        this.engine = engine;
    }

    @Override
    public synchronized void start() {
        List<TableConfig> refreshed = tables.stream().filter(t -> t.refresh() != null).toList();
        long now = System.currentTimeMillis();
        watches = tables.stream().filter(TableConfig::watched).map(t -> new FileWatch(t, now)).toList();
        if (refreshed.isEmpty() && watches.isEmpty()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "tessera-reload-triggers");
            thread.setDaemon(true);
            return thread;
        });
        for (TableConfig t : refreshed) {
            long every = t.refresh().toMilliseconds();
            String trigger = "refresh of table '" + t.name() + "' every " + t.refresh();
            ScheduledFuture<?> unused = timer.scheduleWithFixedDelay(() -> reload(trigger), every, every, TimeUnit.MILLISECONDS);
        }
        if (!watches.isEmpty()) {
            ScheduledFuture<?> unused = timer.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
        LOG.info("data reloads: {} table(s) on a schedule, {} watched", refreshed.size(), watches.size());
    }

    @Override
    public synchronized void stop() throws InterruptedException {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(10, TimeUnit.SECONDS);
            timer = null;
        }
    }

    private void poll() {
        try {
            long now = System.currentTimeMillis();
            List<FileWatch> changed = watches.stream().filter(w -> w.settledChange(now, QUIET_MILLIS)).toList();
            if (!changed.isEmpty()) {
                changed.forEach(FileWatch::loading);
                reload("watch: file of table '" + changed.get(0).table().name() + "' changed"
                        + (changed.size() > 1 ? " (and " + (changed.size() - 1) + " more)" : ""));
            }
        } catch (RuntimeException e) {
            LOG.warn("watching the table files failed; looking again at the next poll", e); // a throw would end the poll
        }
    }

    /** A failure is in the report, the log and the metrics already; the timer must keep running whatever happens. */
    private void reload(String trigger) {
        try {
            engine.reloadAfterAnyRunning(trigger);
        } catch (RuntimeException e) {
            LOG.warn("reload ({}) could not run: {}", trigger, e.getMessage());
        }
    }
}
