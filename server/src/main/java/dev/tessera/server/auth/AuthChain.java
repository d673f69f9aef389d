package dev.tessera.server.auth;

import com.codahale.metrics.MetricRegistry;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.BrowserLogin;
import dev.tessera.auth.spi.CredentialHash;
import dev.tessera.auth.spi.CredentialKind;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.Identity;
import dev.tessera.auth.spi.ProviderUnavailableException;
import dev.tessera.auth.spi.Usernames;
import dev.tessera.auth.spi.http.Challenges;
import dev.tessera.server.roles.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the configured backends in order (Trino's way): every backend that takes the credential is tried until one
 * accepts; when none does, one 401 lists every challenge. A backend that could not check outranks refusals, since
 * it might have accepted: the answer is then 503.
 */
public final class AuthChain implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuthChain.class);

    /** A configured backend. */
    public record Backend(String name, Authenticator authenticator) {}

    /** What the chain concluded. */
    public sealed interface Result {
        record Authenticated(Identity identity, Optional<String> responseChallenge) implements Result {}

        /**
         * No backend took the credentials.
         *
         * @param challenges the {@code WWW-Authenticate} values for the 401
         */
        record Refused(String reason, List<String> challenges) implements Result {}

        record Unavailable(ProviderUnavailableException cause) implements Result {}
    }

    private final List<Backend> backends;
    private final AuditLog audit;
    private final FailedLoginThrottle throttle;
    private final MetricRegistry metrics;
    private final BackendHealth health = new BackendHealth(Clock.systemUTC());

    /**
     * Which backend accepted a password lately, by a hash of the credentials: with [basic, ldap], a directory user
     * would otherwise pay Basic's deliberately slow hash on every request before LDAP's cache answers.
     */
    private final Cache<String, String> lastAcceptedBy =
            Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(60)).maximumSize(10_000).build();

    /** @param metrics where {@code tessera.auth.accepted.<backend>}, {@code .refused}, {@code .locked} and
     *                {@code .unavailable.<backend>} are counted (the admin port's {@code /metrics}) */
    public AuthChain(List<Backend> backends, AuditLog audit, FailedLoginThrottle throttle, MetricRegistry metrics) {
        this.backends = List.copyOf(backends);
        this.audit = audit;
        this.throttle = throttle;
        this.metrics = metrics;
    }

    /**
     * Passwords go through the lockout; other credentials cannot be guessed.
     *
     * @param client the address the credentials came from ({@link ClientAddresses}), for the audit log
     */
    public Result authenticate(Credentials credentials, String client) {
        if (!(credentials instanceof Credentials.Password password)) {
            return tryBackends(credentials, null, client);
        }
        // "eve", "EVE", " eve" and "ｅｖｅ" are one account: one lock for them all.
        String lockKey = lockKey(password.username());
        String credentialHash = CredentialHash.of(password).orElseThrow();
        String acceptedBy = lastAcceptedBy.getIfPresent(credentialHash);
        FailedLoginThrottle.Status status = throttle.status(lockKey, acceptedBy != null);
        if (status.locked()) {
            return refuse(credentials, "locked: " + FailedLoginThrottle.LOCKED, FailedLoginThrottle.LOCKED, challenges(),
                    client);
        }
        Result result = tryBackends(credentials, acceptedBy, client);
        if (result instanceof Result.Authenticated authenticated) {
            if (status.counted()) {
                throttle.recordSuccess(lockKey); // a write only when there is a count to clear
            }
            lastAcceptedBy.put(credentialHash, authenticated.identity().backend());
        } else if (result instanceof Result.Refused refused && throttle.recordFailure(lockKey)) {
            audit.recordLogin("login.locked", lockKey, "after repeated failed passwords", client);
            metrics.meter("tessera.auth.locked").mark();
            return new Result.Refused(FailedLoginThrottle.LOCKED, refused.challenges());
        }
        return result;
    }

    /** @param preferred the backend to try first (it accepted these credentials lately), or null */
    private Result tryBackends(Credentials credentials, String preferred, String client) {
        List<Backend> candidates = backends.stream()
                .filter(b -> b.authenticator().accepts().contains(credentials.kind()))
                .sorted(Comparator.comparing(b -> !b.name().equals(preferred)))
                .toList();
        if (candidates.isEmpty()) {
            String reason = "no enabled backend takes " + scheme(credentials.kind()) + " credentials";
            return refuse(credentials, reason, reason, challenges(), client);
        }
        ProviderUnavailableException unavailable = null;
        AuthOutcome.Rejected firstRejection = null;
        List<String> rejections = new ArrayList<>();
        for (Backend backend : candidates) {
            try {
                AuthOutcome outcome = backend.authenticator().authenticate(credentials);
                health.answered(backend.name());
                if (outcome instanceof AuthOutcome.Accepted accepted) {
                    metrics.meter(MetricRegistry.name("tessera.auth.accepted", backend.name())).mark();
                    return new Result.Authenticated(accepted.identity(), accepted.responseChallenge());
                }
                if (outcome instanceof AuthOutcome.Rejected rejected) {
                    firstRejection = firstRejection == null ? rejected : firstRejection;
                    rejections.add(backend.name() + ": " + rejected.reason());
                }
            } catch (Usernames.InvalidUsernameException e) {
                // The provider vouched for a name Tessera cannot key anything on: refuse it, as a bad credential.
                firstRejection = firstRejection == null
                        ? new AuthOutcome.Rejected("the username from backend '" + backend.name() + "' is refused: "
                                + e.getMessage(), Optional.empty())
                        : firstRejection;
                rejections.add(backend.name() + ": unusable username: " + e.getMessage());
            } catch (ProviderUnavailableException e) {
                LOG.warn("Backend '{}' could not check credentials: {}", backend.name(), e.getMessage());
                health.unavailable(backend.name(), e.getMessage());
                unavailable = unavailable == null ? e : unavailable;
            } catch (RuntimeException e) {
                // A backend bug must not turn into a login: fail closed, and say which backend.
                LOG.error("Backend '{}' failed while checking credentials", backend.name(), e);
                health.unavailable(backend.name(), "failed: " + e.getClass().getSimpleName());
                unavailable = unavailable == null
                        ? new ProviderUnavailableException(backend.name(), "backend '" + backend.name() + "' failed", e)
                        : unavailable;
            }
        }
        if (unavailable != null) {
            // No address: this row says a provider was down, not who tried what.
            audit.record("anonymous", "login.unavailable", principalOf(credentials), unavailable.backend());
            metrics.meter(MetricRegistry.name("tessera.auth.unavailable", unavailable.backend())).mark();
            return new Result.Unavailable(unavailable);
        }
        if (firstRejection == null) {
            List<String> challenges = credentials.kind() == CredentialKind.BEARER
                    ? replaceScheme(challenges(), Challenges.invalidBearerToken("no backend recognised this token"))
                    : challenges();
            return refuse(credentials, "no backend recognised these credentials", "no backend recognised these credentials",
                    challenges, client);
        }
        List<String> challenges = firstRejection.challenge()
                .map(replacement -> replaceScheme(challenges(), replacement))
                .orElseGet(this::challenges);
        return refuse(credentials, String.join("; ", rejections), firstRejection.reason(), challenges, client);
    }

    /** @param why for the log and audit: which backends refused and why, or what stopped the chain */
    private Result refuse(Credentials credentials, String why, String reason, List<String> challenges, String client) {
        metrics.meter("tessera.auth.refused").mark();
        LOG.info("Refused {} credentials for '{}' from {}: {}", scheme(credentials.kind()), principalOf(credentials), client,
                why);
        audit.recordLogin("login.refused", principalOf(credentials), why, client);
        return new Result.Refused(reason, challenges);
    }

    /** The challenges with the one of the same scheme as {@code replacement} replaced by it (RFC 6750 errors). */
    private static List<String> replaceScheme(List<String> challenges, String replacement) {
        String scheme = replacement.split(" ", 2)[0];
        return challenges.stream().map(c -> c.split(" ", 2)[0].equalsIgnoreCase(scheme) ? replacement : c).toList();
    }

    /** One challenge per scheme that is on, in backend order. */
    public List<String> challenges() {
        Set<String> challenges = new LinkedHashSet<>();
        backends.forEach(b -> challenges.add(b.authenticator().challenge()));
        return new ArrayList<>(challenges);
    }

    public boolean takes(CredentialKind kind) {
        return backends.stream().anyMatch(b -> b.authenticator().accepts().contains(kind));
    }

    public Optional<Backend> backend(String name) {
        return backends.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    public List<Backend> backends() {
        return backends;
    }

    /** Whether each backend's provider answered when last asked, for the health check. */
    public BackendHealth health() {
        return health;
    }

    public Optional<BrowserLogin> browserLogin(String providerId) {
        return browserLogins().stream().filter(l -> l.providerId().equals(providerId)).findFirst();
    }

    public List<BrowserLogin> browserLogins() {
        return backends.stream().flatMap(b -> b.authenticator().browserLogin().stream()).toList();
    }

    /** Forgets cached credentials of this user in every backend (password changed, user removed). */
    public void invalidate(String username) {
        lastAcceptedBy.invalidateAll();
        throttle.forgetAll();
        backends.forEach(b -> b.authenticator().invalidate(username));
    }

    @Override
    public void close() {
        backends.forEach(b -> b.authenticator().close());
    }

    private static String lockKey(String typed) {
        try {
            return Usernames.caseInsensitive(typed);
        } catch (Usernames.InvalidUsernameException e) {
            return typed.strip().toLowerCase(Locale.ROOT);
        }
    }

    private static String principalOf(Credentials credentials) {
        return credentials instanceof Credentials.Password password ? password.username() : "-";
    }

    /** The HTTP authentication scheme that carries this kind of credential. */
    static String scheme(CredentialKind kind) {
        return switch (kind) {
            case PASSWORD -> "Basic";
            case BEARER -> "Bearer";
            case NEGOTIATE -> "Negotiate";
        };
    }
}
