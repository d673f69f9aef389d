package dev.tessera.auth.oidc;

import dev.tessera.auth.spi.ProviderUnavailableException;

/**
 * Thrown by {@link OidcBrowserLogin#begin} when the provider's discovery document cannot be fetched, since
 * {@code BrowserLogin.begin} declares no checked exception. Its cause is always the
 * {@link ProviderUnavailableException} to answer with (503, Retry-After, a page saying the provider is down).
 */
public final class LoginUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LoginUnavailableException(ProviderUnavailableException cause) {
        super(cause.getMessage(), cause);
    }

    @Override
    public synchronized ProviderUnavailableException getCause() {
        return (ProviderUnavailableException) super.getCause();
    }
}
