package dev.tessera.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailedLoginThrottleTest {

    private final MutableClock clock = new MutableClock();
    private final FailedLoginThrottle throttle = new FailedLoginThrottle(3, Duration.ofMinutes(5), clock);

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
