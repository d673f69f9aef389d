package dev.tessera.server.roles;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Failed-login counts per normalized name, in the store every replica shares: one count per person for the whole
 * cluster. A count changes under a row lock, so two replicas counting at once both count.
 */
public final class LoginFailureStore {

    /** A name's failures in a row, the last one's time, and until when it is locked (null: not locked). */
    public record Failures(int failures, Instant lastFailure, Instant lockedUntil) {}

    private final StoreTransactions store;

    public LoginFailureStore(StoreTransactions store) {
        this.store = store;
    }

    public Optional<Failures> get(String key) {
        return store.read(LoginFailureDao.class, dao -> dao.find(key));
    }

    /** Replaces the count with {@code next} of the current one, atomically across replicas. */
    public Failures update(String key, Function<Optional<Failures>, Failures> next) {
        return store.writeUnannounced(transaction -> {
            LoginFailureDao dao = transaction.dao(LoginFailureDao.class);
            Optional<Failures> current = dao.lock(key);
            Failures updated = next.apply(current);
            if (current.isPresent()) {
                dao.update(key, updated.failures(), updated.lastFailure(), updated.lockedUntil());
            } else {
                dao.insert(key, updated.failures(), updated.lastFailure(), updated.lockedUntil()); // a racing insert: retried
            }
            return updated;
        });
    }

    public void clear(String key) {
        store.writeUnannounced(transaction -> {
            transaction.dao(LoginFailureDao.class).delete(key);
            return null;
        });
    }

    /** Forgets counts whose last failure is before {@code before}: they no longer count towards a lock. */
    public int purgeOlderThan(Instant before) {
        return store.writeUnannounced(transaction -> transaction.dao(LoginFailureDao.class).deleteOlderThan(before));
    }
}
