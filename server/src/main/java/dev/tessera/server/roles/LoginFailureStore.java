package dev.tessera.server.roles;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed-login counts per normalized name, in the store every replica shares: one count per person for the whole
 * cluster. A count changes under a row lock, so two replicas counting at once both count.
 */
public final class LoginFailureStore {
    private static final Logger LOG = LoggerFactory.getLogger(LoginFailureStore.class);

    /** A name's failures in a row, the last one's time, and until when it is locked (null: not locked). */
    public record Failures(int failures, Instant lastFailure, Instant lockedUntil) {}

    private static final int MAX_KEY = 255;

    private final StoreTransactions store;

    public LoginFailureStore(StoreTransactions store) {
        this.store = store;
    }

    public Optional<Failures> get(String key) {
        return store.read(LoginFailureDao.class, dao -> dao.find(column(key)));
    }

    /** Replaces the count with {@code next} of the current one, atomically across replicas. */
    public Failures update(String typedKey, Function<Optional<Failures>, Failures> next) {
        String key = column(typedKey);
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

    /**
     * Tells every replica sharing the store that {@code key} was just locked, so none keeps trusting what it
     * remembered of the name (see {@code FailedLoginThrottle}); the lock itself is already committed.
     */
    public void announceLock(String key) {
        try {
            store.announceEverywhere(column(key)); // bounded: a NOTIFY payload has a size limit, a typed name none
        } catch (RuntimeException e) {
            // The lock is committed and holds; the others fall back to their short memory's expiry.
            LOG.warn("Could not announce a lock to the other servers: {}", e.toString());
        }
    }

    public void clear(String key) {
        store.writeUnannounced(transaction -> {
            transaction.dao(LoginFailureDao.class).delete(column(key));
            return null;
        });
    }

    /**
     * The key as stored: a typed name past the column's 255 characters (no valid name is that long, but anyone can
     * type one) is counted under its SHA-256, so it is still counted, and still locked.
     */
    private static String column(String key) {
        if (key.length() <= MAX_KEY) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "sha-256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Forgets counts whose last failure is before {@code before}: they no longer count towards a lock. */
    public int purgeOlderThan(Instant before) {
        return store.writeUnannounced(transaction -> transaction.dao(LoginFailureDao.class).deleteOlderThan(before));
    }
}
