package dev.tessera.server.roles;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;

/**
 * The database the role store, the local users and the audit log share, and how each of them changes it: a change
 * runs in one transaction together with its audit entry, runs again whole when a concurrent writer collides with
 * it, and is announced to the listeners (caches) once committed.
 */
public final class StoreTransactions {

    private static final int MAX_ATTEMPTS = 5;

    private final Jdbi jdbi;
    private final Clock clock;
    private final List<Consumer<String>> changeListeners = new CopyOnWriteArrayList<>();
    private final BiConsumer<Handle, String> publisher;

    public StoreTransactions(Jdbi jdbi, Clock clock) {
        this(jdbi, clock, (handle, username) -> { });
    }

    /**
     * @param publisher called inside each announced change's transaction with the username it concerns (null:
     *                  everyone), to tell the other servers sharing the store (a PostgreSQL NOTIFY)
     */
    public StoreTransactions(Jdbi jdbi, Clock clock, BiConsumer<Handle, String> publisher) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.publisher = publisher;
    }

    /** Called after each committed change with the username it concerned, or {@code null} for global ones. */
    public void onChange(Consumer<String> listener) {
        changeListeners.add(listener);
    }

    <D, T> T read(Class<D> dao, Function<D, T> query) {
        return jdbi.withExtension(dao, query::apply);
    }

    /** A change concerning {@code username} (null: everyone), announced to the listeners once committed. */
    <T> T write(String username, Function<Transaction, T> change) {
        T result = writeUnannounced(transaction -> {
            T changed = change.apply(transaction);
            publisher.accept(transaction.handle, username);
            return changed;
        });
        announce(username);
        return result;
    }

    /**
     * Tells every server sharing the store, this one included, of a change committed by an unannounced write (a lock
     * after failed logins): their caches of that name are dropped within the notification's trip.
     */
    void announceEverywhere(String username) {
        retrying(() -> jdbi.inTransaction(handle -> {
            publisher.accept(handle, username);
            return null;
        }));
        announce(username);
    }

    /** Tells this server's listeners (caches) of a change: one committed here, or one another server announced. */
    public void announce(String username) {
        changeListeners.forEach(listener -> listener.accept(username));
    }

    /** A write nothing cached depends on (a last-seen time, a first sign-in's binding, a refused login). */
    <T> T writeUnannounced(Function<Transaction, T> change) {
        return retrying(() -> jdbi.inTransaction(handle -> change.apply(new Transaction(handle, clock.instant()))));
    }

    /** One transaction: its statements, the time it runs at, and the audit entries it writes with its change. */
    static final class Transaction {
        private final Handle handle;
        private final Instant now;

        private Transaction(Handle handle, Instant now) {
            this.handle = handle;
            this.now = now;
        }

        <D> D dao(Class<D> type) {
            return handle.attach(type);
        }

        Instant now() {
            return now;
        }

        void audit(String actor, String action, String target, String detail) {
            AuditLog.append(dao(AuditDao.class), now, actor, action, target, detail);
        }

        /** Gives the user a row when they have none, so changes to them can lock it. */
        void ensureUser(String username) {
            RoleStoreDao users = dao(RoleStoreDao.class);
            if (users.userCount(username) == 0) {
                users.insertUser(username, now);
            }
        }

        /** Serializes writers to one user until this transaction ends. */
        void lockUser(String username) {
            ensureUser(username);
            dao(RoleStoreDao.class).lockUser(username);
        }
    }

    /** Two writers inserting the same key, or a serialization failure: run the whole transaction again. */
    private static <T> T retrying(Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (StatementException e) {
                if (attempt >= MAX_ATTEMPTS || !isRetryable(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean isRetryable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 23505 unique violation, 40001 serialization failure, 40P01 deadlock (PostgreSQL),
                // HYT00 lock timeout (H2)
                if (state.equals("23505") || state.equals("40001") || state.equals("40P01") || state.equals("HYT00")) {
                    return true;
                }
            }
        }
        return false;
    }
}
