package dev.tessera.auth.spi;

import java.util.Optional;
import java.util.Set;

/**
 * One configured backend at run time. Implementations are thread-safe: the server calls them from every
 * request thread at once.
 */
public interface Authenticator extends AutoCloseable {

    /** The kinds of credential this backend takes; others are never passed to {@link #authenticate}. */
    Set<CredentialKind> accepts();

    /** The {@code WWW-Authenticate} challenge a 401 carries for this backend, e.g. {@code Basic realm="tessera"}. */
    String challenge();

    /**
     * Checks a credential. Bad credentials are an ordinary outcome ({@link AuthOutcome.Rejected}); an exception
     * means the check could not run.
     */
    AuthOutcome authenticate(Credentials credentials) throws ProviderUnavailableException;

    /** The browser round trip this backend offers (OIDC), if any. */
    default Optional<BrowserLogin> browserLogin() {
        return Optional.empty();
    }

    /** Forgets anything cached about this user, after an admin changed their password or roles. */
    default void invalidate(String username) {}

    @Override
    default void close() {}
}
