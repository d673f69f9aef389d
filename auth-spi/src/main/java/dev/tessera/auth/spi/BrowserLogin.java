package dev.tessera.auth.spi;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A login that needs the browser to visit the provider and come back (OIDC authorization code flow). The backend
 * owns the protocol; the server owns HTTP: it exposes {@code /login/oauth2/authorization/{id}} and
 * {@code /login/oauth2/code/{id}}, keeps {@link LoginRedirect#state()} in a short-lived signed cookie, and sets the
 * session cookie from the identity {@link #complete} returns.
 */
public interface BrowserLogin {

    /** The path segment of the login and callback URLs, and the name on the login page. */
    String providerId();

    /** The provider's name as people know it, on the sign-in page's button ("Sign in with Okta"). */
    default String displayName() {
        return providerId();
    }

    /**
     * Where to send the browser, with the state (state, nonce, PKCE verifier) to keep until the callback.
     *
     * @throws ProviderUnavailableException the provider could not be reached to learn where to send it
     */
    LoginRedirect begin(URI callbackUri) throws ProviderUnavailableException;

    /**
     * Finishes the login from the provider's callback parameters and the state kept since {@link #begin}.
     *
     * @throws LoginFailedException        the callback is wrong, replayed or refused by the provider
     * @throws ProviderUnavailableException the provider could not be reached
     */
    Identity complete(Map<String, String> callbackParameters, String state, URI callbackUri)
            throws LoginFailedException, ProviderUnavailableException;

    /**
     * Like {@link #complete}, and also what keeps the browser session honest past the access token's lifetime:
     * the refresh token the provider gave, and when to check the user with the provider again.
     */
    default Session completeSession(Map<String, String> callbackParameters, String state, URI callbackUri)
            throws LoginFailedException, ProviderUnavailableException {
        return new Session(complete(callbackParameters, state, callbackUri), Optional.empty(), Optional.empty());
    }

    /**
     * Checks the user with the provider again using the refresh token, server-side. A refused refresh (the user was
     * disabled, the grant revoked) ends the session.
     *
     * @throws LoginFailedException        the provider refused the refresh token
     * @throws ProviderUnavailableException the provider could not be reached
     */
    default Session refresh(String refreshToken) throws LoginFailedException, ProviderUnavailableException {
        throw new LoginFailedException("this sign-in provider offers no session refresh");
    }

    /** Where to send the browser after a local logout, when the provider offers single logout. */
    default Optional<URI> logoutRedirect(URI postLogoutRedirectUri) {
        return Optional.empty();
    }

    /**
     * Where to send the browser to sign in.
     *
     * @param state opaque to the server, signed by it; never shown to the user
     */
    record LoginRedirect(URI location, String state) {}

    /**
     * A browser session as the provider sees it.
     *
     * @param refreshToken kept by the server, encrypted in the session cookie; never shown to the browser's scripts
     * @param recheckAt    when the access token would expire: the server refreshes then
     */
    record Session(Identity identity, Optional<String> refreshToken, Optional<Instant> recheckAt) {
        @Override
        public String toString() {
            return "Session[identity=" + identity + ", refreshToken=" + (refreshToken.isPresent() ? "****" : "none")
                    + ", recheckAt=" + recheckAt + "]";
        }
    }
}
