package dev.tessera.auth.spi;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The backend could not check the credential: its directory, KDC or identity provider is down or timing out.
 * The server answers 503 with {@code Retry-After}, never 401, so clients retry instead of prompting again.
 */
public class ProviderUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String backend;
    private final Duration retryAfter;

    /** {@code cause}: the failure that says why, when there is one. */
    public ProviderUnavailableException(String backend, String message, Duration retryAfter,
                                        @Nullable Throwable cause) {
        super(message, cause);
        this.backend = backend;
        this.retryAfter = retryAfter;
    }

    public ProviderUnavailableException(String backend, String message, @Nullable Throwable cause) {
        this(backend, message, Duration.ofSeconds(30), cause);
    }

    public String backend() {
        return backend;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
