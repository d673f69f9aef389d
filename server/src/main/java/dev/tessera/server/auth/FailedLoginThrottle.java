package dev.tessera.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tessera.server.roles.LoginFailureStore;
import dev.tessera.server.roles.LoginFailureStore.Failures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Locks a username for a while after too many failed passwords in a row, whichever password backend (Basic, LDAP)
 * would have held it. Counted by the chain, only when every backend refused, so a login that succeeds in a later
 * backend never counts against the name; counted whether or not the user exists, so a lock says nothing about who
 * has an account. Counted in the role store, so every replica sharing it counts together: N replicas do not give
 * N times the guesses. A lock always ends: attempts while locked are not counted, and a count older than twice the
 * lock is forgotten.
 *
 * <p>A password this server accepted lately is not a guess: for it the name's standing is remembered for a moment
 * when it was clean (no failures), so a user's Basic requests do not each read the store. A lock drops that memory
 * on every replica at once (it is announced through the store's change notifications, {@link #forgetAll}), and a
 * guess, whose credentials were never accepted, is always checked against the store.
 */
public final class FailedLoginThrottle {

    public static final String LOCKED = "too many failed attempts for this username; try again later";
    private static final int PURGE_EVERY = 1000;

    /** A name's standing before a login: locked, or with failures a success must clear. */
    public record Status(boolean locked, boolean counted) {}

    private final int maxFailures;
    private final Duration lockDuration;
    private final Clock clock;
    private final LoginFailureStore failures;
    private final AtomicInteger failuresSincePurge = new AtomicInteger();
    /** Names read clean lately, for credentials already accepted; the TTL is the safety net if a notice is lost. */
    private final Cache<String, Boolean> cleanLately =
            Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(5)).maximumSize(10_000).build();

    public FailedLoginThrottle(int maxFailures, Duration lockDuration, Clock clock, LoginFailureStore failures) {
        this.maxFailures = maxFailures;
        this.lockDuration = lockDuration;
        this.clock = clock;
        this.failures = failures;
    }

    /** One read of the store per password login. */
    Status status(String username) {
        Optional<Failures> current = failures.get(username).filter(f -> !forgotten(f));
        boolean locked = current.map(f -> f.lockedUntil() != null && clock.instant().isBefore(f.lockedUntil())).orElse(false);
        Status status = new Status(locked, current.isPresent());
        if (!locked && !status.counted()) {
            cleanLately.put(username, Boolean.TRUE);
        }
        return status;
    }

    /**
     * The standing for credentials this server accepted lately: remembered when the name was clean, else read.
     *
     * @param acceptedLately whether these exact credentials were accepted here lately (never true for a guess)
     */
    Status status(String username, boolean acceptedLately) {
        if (acceptedLately && cleanLately.getIfPresent(username) != null) {
            return new Status(false, false);
        }
        return status(username);
    }

    /** A change announced for some name (a lock among them): nothing remembered is trusted any more. */
    void forgetAll() {
        cleanLately.invalidateAll();
    }

    boolean isLocked(String username) {
        return status(username).locked();
    }

    /** Counts a failed login; true when this failure locked the user. */
    boolean recordFailure(String username) {
        cleanLately.invalidate(username);
        Instant now = clock.instant();
        Failures updated = failures.update(username, current -> {
            int count = current.filter(f -> !forgotten(f) && !lockEnded(f)).map(f -> f.failures() + 1).orElse(1);
            return new Failures(count, now, count >= maxFailures ? now.plus(lockDuration) : null);
        });
        if (failuresSincePurge.incrementAndGet() % PURGE_EVERY == 0) {
            failures.purgeOlderThan(now.minus(lockDuration.multipliedBy(2))); // names sprayed once do not pile up
        }
        boolean locks = updated.failures() == maxFailures;
        if (locks) {
            failures.announceLock(username); // other replicas stop trusting what they remembered of the name
        }
        return locks;
    }

    void recordSuccess(String username) {
        failures.clear(username);
    }

    /** A lock that ran out: counting starts again. */
    private boolean lockEnded(Failures current) {
        return current.lockedUntil() != null && !clock.instant().isBefore(current.lockedUntil());
    }

    /** Failures long past (twice the lock) no longer count, as the in-memory count once expired. */
    private boolean forgotten(Failures current) {
        Instant lastRelevant = current.lockedUntil() != null ? current.lockedUntil() : current.lastFailure();
        return clock.instant().isAfter(lastRelevant.plus(lockDuration.multipliedBy(2)));
    }
}
