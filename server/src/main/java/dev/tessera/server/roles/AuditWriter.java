package dev.tessera.server.roles;

import io.dropwizard.lifecycle.Managed;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the entries that are not changes (refused, locked and unavailable logins) off the request path: held
 * in memory and written in one batch per flush interval. Bounded, and under a flood it degrades by aggregating
 * rather than by falling behind: per flush, per action and name, the first few entries are written as they came
 * and the rest become one summary row ("997 more login.refused for 'bob' in 0.2 s"). Everything held is written on
 * a graceful stop; a failed write is kept for the next flush.
 */
public final class AuditWriter implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
    /** Entries per action and name written one by one in a flush; the rest are counted. */
    static final int KEPT_PER_KEY = 3;
    /** Distinct (action, name) pairs held per flush; past it, names are counted together under "*". */
    static final int MAX_KEYS = 10_000;

    /** @param client the address the attempt came from ({@code ClientAddresses}), or null when none applies */
    record Entry(Instant at, String actor, String action, String target, String detail, String client) {

        Entry(Instant at, String actor, String action, String target, String detail) {
            this(at, actor, action, target, detail, null);
        }

        /** The detail as the log keeps it: the client's address first, where there is one. */
        String storedDetail() {
            return client == null ? detail : "from " + client + ": " + detail;
        }
    }

    /** Addresses named one by one in a summary row; attempts from the rest are counted together. */
    static final int ADDRESSES_PER_SUMMARY = 3;

    private record Key(String action, String target) {}

    private static final class Bucket {
        private final List<Entry> kept = new ArrayList<>();
        private long more;
        private Instant firstMore;
        private Entry lastMore;
        /** Where the counted entries came from, first addresses first, and how many from each. */
        private final Map<String, Long> addresses = new LinkedHashMap<>();
        private long fromOtherAddresses;

        void count(Entry entry) {
            firstMore = more == 0 ? entry.at() : firstMore;
            more++;
            lastMore = entry;
            if (entry.client() == null) {
                return;
            }
            if (addresses.containsKey(entry.client()) || addresses.size() < ADDRESSES_PER_SUMMARY) {
                addresses.merge(entry.client(), 1L, Long::sum);
            } else {
                fromOtherAddresses++;
            }
        }
    }

    private final StoreTransactions store;
    private final Duration flushInterval;
    private final Object pendingLock = new Object();
    private final ReentrantLock writing = new ReentrantLock();
    private Map<Key, Bucket> pending = new LinkedHashMap<>();
    private ScheduledExecutorService flusher;
    private ScheduledFuture<?> flushes;

    public AuditWriter(StoreTransactions store, Duration flushInterval) {
        this.store = store;
        this.flushInterval = flushInterval;
    }

    /** The audit log for a server: through a writer run by the lifecycle, or written at once when the interval is 0. */
    public static AuditLog auditLog(StoreTransactions store, Clock clock, Duration flushInterval, LifecycleEnvironment lifecycle) {
        if (flushInterval.isZero()) {
            return new AuditLog(store);
        }
        AuditWriter writer = new AuditWriter(store, flushInterval);
        lifecycle.manage(writer);
        return new AuditLog(store, clock, writer);
    }

    void submit(Entry entry) {
        synchronized (pendingLock) {
            Key key = new Key(entry.action(), entry.target());
            if (!pending.containsKey(key) && pending.size() >= MAX_KEYS) {
                key = new Key(entry.action(), "*");
            }
            Bucket bucket = pending.computeIfAbsent(key, k -> new Bucket());
            if (bucket.kept.size() < KEPT_PER_KEY && !key.target().equals("*")) {
                bucket.kept.add(entry);
            } else {
                bucket.count(entry);
            }
        }
    }

    @Override
    public void start() {
        flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tessera-audit-writer");
            thread.setDaemon(true);
            return thread;
        });
        long millis = flushInterval.toMillis();
        flushes = flusher.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Runs after Jetty stopped taking requests: nothing held is lost. */
    @Override
    public void stop() throws InterruptedException {
        if (flusher != null) {
            flushes.cancel(false);
            flusher.shutdown();
            flusher.awaitTermination(10, TimeUnit.SECONDS);
        }
        flush();
    }

    /** Writes everything held now, in one transaction; readers call it to see their own server's entries at once. */
    public void flush() {
        writing.lock();
        try {
            Map<Key, Bucket> taken;
            synchronized (pendingLock) {
                taken = pending;
                pending = new LinkedHashMap<>();
            }
            if (taken.isEmpty()) {
                return;
            }
            List<Entry> rows = rows(taken);
            try {
                store.writeUnannounced(transaction -> {
                    AuditDao dao = transaction.dao(AuditDao.class);
                    rows.forEach(row -> AuditLog.append(dao, row.at(), row.actor(), row.action(), row.target(), row.storedDetail()));
                    return null;
                });
            } catch (RuntimeException e) {
                rows.forEach(this::submit); // kept, bounded as ever, for the next flush
                throw e;
            }
        } finally {
            writing.unlock();
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Could not write the audit log ({}); the entries are kept and retried", e.getMessage());
        }
    }

    private static List<Entry> rows(Map<Key, Bucket> buckets) {
        List<Entry> rows = new ArrayList<>();
        buckets.forEach((key, bucket) -> {
            rows.addAll(bucket.kept);
            if (bucket.more > 0) {
                rows.add(summary(key, bucket));
            }
        });
        rows.sort(Comparator.comparing(Entry::at));
        return rows;
    }

    /**
     * "997 more login.refused for 'bob' from 10.0.0.7 in 0.2 s, counted not listed; the last: basic: wrong password"
     * (several addresses: "from 10.0.0.7 (990), 10.0.0.8 (5), other addresses (2)").
     */
    private static Entry summary(Key key, Bucket bucket) {
        Entry last = bucket.lastMore;
        double seconds = Duration.between(bucket.firstMore, last.at()).toMillis() / 1000.0;
        String who = key.target().equals("*") ? "other names" : "'" + key.target() + "'";
        String detail = String.format(Locale.ROOT, "%,d more %s for %s%s in %.1f s, counted not listed; the last: %s",
                bucket.more, key.action(), who, from(bucket), seconds, last.detail());
        return new Entry(last.at(), last.actor(), key.action(), key.target(), detail);
    }

    private static String from(Bucket bucket) {
        if (bucket.addresses.isEmpty()) {
            return "";
        }
        if (bucket.addresses.size() == 1 && bucket.fromOtherAddresses == 0) {
            return " from " + bucket.addresses.keySet().iterator().next();
        }
        StringJoiner from = new StringJoiner(", ", " from ", "");
        bucket.addresses.forEach((address, count) -> from.add(String.format(Locale.ROOT, "%s (%,d)", address, count)));
        if (bucket.fromOtherAddresses > 0) {
            from.add(String.format(Locale.ROOT, "other addresses (%,d)", bucket.fromOtherAddresses));
        }
        return from.toString();
    }
}
