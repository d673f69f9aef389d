package dev.tessera.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.server.roles.LoginFailureStore;
import dev.tessera.server.roles.StoreTransactions;
import dev.tessera.server.testing.InMemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailedLoginThrottleTest {

    private final MutableClock clock = new MutableClock();
    private final LoginFailureStore store = new LoginFailureStore(InMemoryStore.create());
    private final FailedLoginThrottle throttle = new FailedLoginThrottle(3, Duration.ofMinutes(5), clock, store);

    @Test
    void theThirdFailureLocksForTheDurationThenCountingStartsAgain() {
        assertThat(throttle.recordFailure("bob")).isFalse();
        assertThat(throttle.recordFailure("bob")).isFalse();
        assertThat(throttle.recordFailure("bob")).isTrue();
        assertThat(throttle.isLocked("bob")).isTrue();
        assertThat(throttle.isLocked("alice")).isFalse();
        clock.advance(Duration.ofMinutes(6));
        assertThat(throttle.isLocked("bob")).isFalse();
        assertThat(throttle.recordFailure("bob")).isFalse();
    }

    @Test
    void aSuccessClearsTheCount() {
        throttle.recordFailure("carol");
        throttle.recordFailure("carol");
        throttle.recordSuccess("carol");
        assertThat(throttle.recordFailure("carol")).isFalse();
        assertThat(throttle.isLocked("carol")).isFalse();
    }

    @Test
    void serversSharingTheStoreCountTogetherSoEachLocksForAll() {
        FailedLoginThrottle otherServer = new FailedLoginThrottle(3, Duration.ofMinutes(5), clock, store);
        assertThat(throttle.recordFailure("dan")).isFalse();
        assertThat(otherServer.recordFailure("dan")).isFalse();
        assertThat(throttle.recordFailure("dan")).isTrue();
        assertThat(otherServer.isLocked("dan")).isTrue();
        assertThat(otherServer.status("dan").counted()).isTrue();
        assertThat(otherServer.status("erin")).isEqualTo(new FailedLoginThrottle.Status(false, false));
    }

    @Test
    void acceptedCredentialsSkipTheStoreReadUntilALockAnywhereIsAnnounced() {
        StoreTransactions shared = InMemoryStore.create();
        LoginFailureStore counts = new LoginFailureStore(shared);
        FailedLoginThrottle here = new FailedLoginThrottle(3, Duration.ofMinutes(5), clock, counts);
        FailedLoginThrottle there = new FailedLoginThrottle(3, Duration.ofMinutes(5), clock, counts);
        shared.onChange(name -> here.forgetAll()); // what AuthChain.invalidate does when a change is announced

        assertThat(here.status("gus", true)).isEqualTo(new FailedLoginThrottle.Status(false, false));
        there.recordFailure("gus");
        there.recordFailure("gus");
        assertThat(here.status("gus", true)).as("accepted credentials: remembered clean, no store read")
                .isEqualTo(new FailedLoginThrottle.Status(false, false));
        assertThat(here.status("gus", false).counted()).as("a guess always reads the store").isTrue();

        assertThat(there.recordFailure("gus")).isTrue();
        assertThat(here.status("gus", true).locked()).as("the lock is announced: nothing remembered is trusted").isTrue();
    }

    @Test
    void failuresLongPastNoLongerCount() {
        throttle.recordFailure("fay");
        throttle.recordFailure("fay");
        clock.advance(Duration.ofMinutes(11));
        assertThat(throttle.status("fay").counted()).isFalse();
        assertThat(throttle.recordFailure("fay")).isFalse();
        assertThat(throttle.recordFailure("fay")).isFalse();
        assertThat(throttle.recordFailure("fay")).isTrue();
    }

    @Test
    void aTypedNameLongerThanAnyStoredNameIsStillCountedAndLocked() {
        String longName = "y".repeat(300);
        throttle.recordFailure(longName);
        throttle.recordFailure(longName);
        assertThat(throttle.recordFailure(longName)).isTrue();
        assertThat(throttle.isLocked(longName)).isTrue();
        assertThat(throttle.isLocked("y".repeat(299))).isFalse();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
