package dev.tessera.server.roles;

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

    public AuditLog(StoreTransactions store) {
        this.store = store;
    }

    /** An entry that is not a change: refused logins, lockouts. */
    public void record(String actor, String action, String target, String detail) {
        store.writeUnannounced(transaction -> {
            transaction.audit(actor, action, target, detail);
            return null;
        });
    }

    /** Newest first, optionally only one action. */
    public List<Entry> entries(int limit, int offset, Optional<String> action) {
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
