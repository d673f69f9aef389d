package dev.tessera.auth.spi;

import java.util.Optional;

/** Read access to the password hashes the server keeps for local (Basic) users. */
public interface LocalUsers {

    /** The stored password hash of this user, or empty when there is no such user. */
    Optional<String> passwordHash(String username) throws ProviderUnavailableException;
}
