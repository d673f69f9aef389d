package dev.tessera.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** {@code auth.lockout}: repeated failed passwords for one username, across every password backend. */
public class LockoutConfig {

    /** Failed passwords in a row that lock the username. */
    @Min(1)
    @Max(1000)
    @JsonProperty
    private int maxFailedAttempts = 5;

    @NotNull
    @JsonProperty
    private Duration duration = Duration.minutes(5);

    public int getMaxFailedAttempts() {
        return maxFailedAttempts;
    }

    public Duration getDuration() {
        return duration;
    }
}
