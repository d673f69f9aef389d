package dev.tessera.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import jakarta.validation.constraints.NotNull;

/** {@code resultCache}: cube answers kept in memory, per engine data version and restriction. */
public class ResultCacheConfig {

    /** Off: every request runs on the engine (ETags and 304s still work). */
    @JsonProperty
    private boolean enabled = true;

    /** The bound on the (estimated) bytes the kept answers hold; the least recently used go first. */
    @NotNull
    @JsonProperty
    private DataSize maxBytes = DataSize.mebibytes(256);

    public boolean isEnabled() {
        return enabled;
    }

    public DataSize getMaxBytes() {
        return maxBytes;
    }
}
