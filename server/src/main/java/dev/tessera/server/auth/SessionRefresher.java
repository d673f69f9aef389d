package dev.tessera.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tessera.auth.spi.BrowserLogin;
import dev.tessera.auth.spi.CredentialHash;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.LoginFailedException;
import dev.tessera.auth.spi.ProviderUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a browser session honest past the provider's access-token lifetime: when the session's re-check time has
 * passed, it refreshes server-side with the refresh token. A refused refresh (user disabled, grant revoked) ends
 * the session; a provider that cannot be reached leaves it as it is until the session's own expiry.
 *
 * <p>The result is shared for a minute by every request carrying the same refresh token, so a page firing several
 * requests at once refreshes once: providers that rotate refresh tokens treat a second use of the old one as theft.
 */
public final class SessionRefresher {

    private static final Logger LOG = LoggerFactory.getLogger(SessionRefresher.class);

    /** What a due session became. */
    public sealed interface Outcome {
        /** Not due, or the provider could not be reached: carry on with the session as it is. */
        record Unchanged() implements Outcome {}

        /** Refreshed: use the new session and send the browser its new cookie. */
        record Refreshed(BrowserLogin.Session session) implements Outcome {}

        /** The provider refused: the session is over. */
        record Ended(String reason) implements Outcome {}
    }

    private final AuthChain chain;
    private final Clock clock;
    private final Cache<String, BrowserLogin.Session> recent =
            Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1)).maximumSize(10_000).build();

    public SessionRefresher(AuthChain chain, Clock clock) {
        this.chain = chain;
        this.clock = clock;
    }

    public Outcome refreshIfDue(BrowserLogin.Session session) {
        if (session.recheckAt().isEmpty() || session.refreshToken().isEmpty()
                || clock.instant().isBefore(session.recheckAt().get())) {
            return new Outcome.Unchanged();
        }
        Optional<BrowserLogin> login = chain.backend(session.identity().backend())
                .flatMap(backend -> backend.authenticator().browserLogin());
        if (login.isEmpty()) {
            LOG.warn("Session of '{}' is due for a refresh but backend '{}' offers none", session.identity().username(),
                    session.identity().backend());
            return new Outcome.Unchanged();
        }
        String refreshToken = session.refreshToken().get();
        String key = CredentialHash.of(new Credentials.Bearer(refreshToken)).orElseThrow();
        try {
            BrowserLogin.Session refreshed = recent.get(key, k -> refresh(login.get(), refreshToken));
            LOG.debug("Refreshed the session of '{}' with '{}'", refreshed.identity().username(), refreshed.identity().backend());
            return new Outcome.Refreshed(refreshed);
        } catch (CompletionException e) {
            if (e.getCause() instanceof LoginFailedException refused) {
                LOG.info("Session of '{}' ended by provider '{}': {}", session.identity().username(),
                        session.identity().backend(), refused.getMessage());
                return new Outcome.Ended(refused.getMessage());
            }
            if (e.getCause() instanceof ProviderUnavailableException unavailable) {
                LOG.warn("Cannot refresh the session of '{}': {}", session.identity().username(), unavailable.getMessage());
                return new Outcome.Unchanged();
            }
            throw e;
        }
    }

    private static BrowserLogin.Session refresh(BrowserLogin login, String refreshToken) {
        try {
            return login.refresh(refreshToken);
        } catch (LoginFailedException | ProviderUnavailableException e) {
            throw new CompletionException(e);
        }
    }
}
