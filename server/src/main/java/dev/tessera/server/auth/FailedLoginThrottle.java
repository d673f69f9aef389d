package dev.tessera.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Locks a username for a while after too many failed passwords in a row, whichever password backend (Basic, LDAP)
 * would have held it. Counted by the chain, only when every backend refused, so a login that succeeds in a later
 * backend never counts against the name; counted whether or not the user exists, so a lock says nothing about who
 * has an account. Kept in memory: each replica counts on its own, which bounds guessing per replica.
 */
public final class FailedLoginThrottle {

    public static final String LOCKED = "too many failed attempts for this username; try again later";

    private record Failures(int count, Instant lockedUntil) {}

    private final int maxFailures;
    private final Duration lockDuration;
    private final Clock clock;
    private final Cache<String, Failures> failures;

    public FailedLoginThrottle(int maxFailures, Duration lockDuration, Clock clock) {
        this.maxFailures = maxFailures;
        this.lockDuration = lockDuration;
        this.clock = clock;
        this.failures = Caffeine.newBuilder().expireAfterAccess(lockDuration.multipliedBy(2)).maximumSize(100_000).build();
    }

    boolean isLocked(String username) {
        Failures current = failures.getIfPresent(username);
        return current != null && current.lockedUntil() != null && clock.instant().isBefore(current.lockedUntil());
    }

    /** Counts a failed login; true when this failure locked the user. */
    boolean recordFailure(String username) {
        Failures updated = failures.asMap().compute(username, (name, current) -> {
            int count = current == null || expired(current) ? 1 : current.count() + 1;
            Instant lockedUntil = count >= maxFailures ? clock.instant().plus(lockDuration) : null;
            return new Failures(count, lockedUntil);
        });
        return updated.count() == maxFailures;
    }

    void recordSuccess(String username) {
        failures.invalidate(username);
    }

    private boolean expired(Failures current) {
        return current.lockedUntil() != null && !clock.instant().isBefore(current.lockedUntil());
    }
}
