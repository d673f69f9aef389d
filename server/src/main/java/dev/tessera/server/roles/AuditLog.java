package dev.tessera.server.roles;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who changed what and when, and refused logins. Changes write their entry in their own transaction
 * ({@link StoreTransactions.Transaction#audit}); this class records what is not a change and reads the log.
 */
public final class AuditLog {

    /** One line of the log, as {@code GET /api/v1/admin/audit} shows it. */
    public record Entry(long id, Instant at, String actor, String action, String target, String detail) {}

    private static final int MAX_TARGET = 512;
    private static final int MAX_DETAIL = 2000;

    private final StoreTransactions store;
    private final Clock clock;
    private final Optional<AuditWriter> writer;

    /** Entries written on the caller's thread, each in its own transaction (the CLI, tests). */
    public AuditLog(StoreTransactions store) {
        this.store = store;
        this.clock = Clock.systemUTC();
        this.writer = Optional.empty();
    }

    /** Entries that are not changes go through {@code writer}: off the request path, batched, aggregated in a flood. */
    public AuditLog(StoreTransactions store, Clock clock, AuditWriter writer) {
        this.store = store;
        this.clock = clock;
        this.writer = Optional.of(writer);
    }

    /** An entry that is not a change: a reload, say. */
    public void record(String actor, String action, String target, String detail) {
        record(new AuditWriter.Entry(clock.instant(), actor, action, target, detail));
    }

    /**
     * An attempt to sign in that was refused (a wrong password, a lock) with the address it came
     * from: the log says "from 10.0.0.7: ..." and a flood's summary row names the addresses.
     */
    public void recordLogin(String action, String typedName, String detail, String client) {
        record(new AuditWriter.Entry(clock.instant(), "anonymous", action, typedName, detail, client));
    }

    private void record(AuditWriter.Entry entry) {
        if (writer.isPresent()) {
            writer.get().submit(entry);
            return;
        }
        store.writeUnannounced(transaction -> {
            transaction.audit(entry.actor(), entry.action(), entry.target(), entry.storedDetail());
            return null;
        });
    }

    /** Newest first, optionally only one action; this server's held entries are written first, so they show. */
    public List<Entry> entries(int limit, int offset, Optional<String> action) {
        writer.ifPresent(AuditWriter::flush);
        return store.read(AuditDao.class, dao -> action.map(a -> dao.newestOf(a, limit, offset))
                .orElseGet(() -> dao.newest(limit, offset)));
    }

    static void append(AuditDao dao, Instant at, String actor, String action, String target, String detail) {
        dao.insert(at, actor, action, truncate(target, MAX_TARGET), truncate(detail, MAX_DETAIL));
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
