package dev.tessera.client;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The server said no: its RFC 9457 problem details ({@code application/problem+json}) as an exception, with the
 * HTTP status, the title, the detail a person can act on, and for an invalid query the {@code errors} that point
 * into it ({@code /levels/0}). An answer that is not problem+json (a proxy's error page) keeps its status, and
 * its first line as the detail.
 */
public final class TesseraProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;
    private final String detail;
    private final List<FieldError> errors;
    private final @Nullable Long retryAfterSeconds;

    /** One thing wrong with the request: a JSON pointer into it (or a parameter name) and what is wrong there. */
    public record FieldError(String pointer, String detail) {}

    public TesseraProblemException(int status, String title, String detail, List<FieldError> errors,
                                   @Nullable Long retryAfterSeconds) {
        super(status + " " + title + ": " + detail);
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** How long the server asked to wait before trying again (503 provider or engine down, 429 too many queries). */
    public Optional<Long> retryAfterSeconds() {
        return Optional.ofNullable(retryAfterSeconds);
    }
}
