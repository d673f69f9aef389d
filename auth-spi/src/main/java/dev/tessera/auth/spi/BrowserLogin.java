package dev.tessera.auth.spi;

import java.net.URI;
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

    /** Where to send the browser, with the state (state, nonce, PKCE verifier) to keep until the callback. */
    LoginRedirect begin(URI callbackUri);

    /**
     * Finishes the login from the provider's callback parameters and the state kept since {@link #begin}.
     *
     * @throws LoginFailedException        the callback is wrong, replayed or refused by the provider
     * @throws ProviderUnavailableException the provider could not be reached
     */
    Identity complete(Map<String, String> callbackParameters, String state, URI callbackUri)
            throws LoginFailedException, ProviderUnavailableException;

    /** Where to send the browser after a local logout, when the provider offers single logout. */
    default Optional<URI> logoutRedirect(URI postLogoutRedirectUri) {
        return Optional.empty();
    }

    /** @param state opaque to the server, signed by it; never shown to the user */
    record LoginRedirect(URI location, String state) {}
}
