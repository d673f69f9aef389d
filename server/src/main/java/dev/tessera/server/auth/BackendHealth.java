package dev.tessera.server.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether each backend's provider answered the last time the chain asked it: learned from real logins rather than
 * probes, so a health check puts no load on a directory or an identity provider. A refusal counts as an answer.
 */
public final class BackendHealth {

    /** The last time a backend was asked: whether it could check, when, and what went wrong if not. */
    public record Contact(boolean answered, Instant at, String problem) {}

    private final Clock clock;
    private final Map<String, Contact> last = new ConcurrentHashMap<>();

    BackendHealth(Clock clock) {
        this.clock = clock;
    }

    void answered(String backend) {
        Contact previous = last.get(backend);
        if (previous == null || !previous.answered()) { // one write per change of state, not per request
            last.put(backend, new Contact(true, clock.instant(), ""));
        }
    }

    void unavailable(String backend, String problem) {
        last.put(backend, new Contact(false, clock.instant(), problem));
    }

    /** Empty until the backend was first asked. */
    public Optional<Contact> lastContact(String backend) {
        return Optional.ofNullable(last.get(backend));
    }
}
