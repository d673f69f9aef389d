package dev.tessera.auth.basic;

import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.CredentialKind;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.Identity;
import dev.tessera.auth.spi.LocalUsers;
import dev.tessera.auth.spi.ProviderUnavailableException;
import dev.tessera.auth.spi.http.Challenges;
import java.util.Optional;
import java.util.Set;

/** Checks passwords against the Argon2id hashes in the server's own store. */
final class BasicAuthenticator implements Authenticator {

    static final String INVALID = "invalid username or password";

    private final String backendName;
    private final LocalUsers users;
    private final PasswordHasher hasher;

    BasicAuthenticator(String backendName, LocalUsers users, PasswordHasher hasher) {
        this.backendName = backendName;
        this.users = users;
        this.hasher = hasher;
    }

    @Override
    public Set<CredentialKind> accepts() {
        return Set.of(CredentialKind.PASSWORD);
    }

    @Override
    public String challenge() {
        return Challenges.basic("tessera");
    }

    @Override
    public AuthOutcome authenticate(Credentials credentials) throws ProviderUnavailableException {
        Credentials.Password password = (Credentials.Password) credentials;
        String username = password.username();
        Optional<String> hash = users.passwordHash(username);
        boolean valid = hash.isPresent()
                ? hasher.verify(password.password(), hash.get())
                : hasher.verifyAgainstNobody(password.password());
        // Lockout after repeated failures is the server chain's job, across every password backend.
        return valid ? AuthOutcome.accepted(Identity.of(username, backendName)) : AuthOutcome.rejected(INVALID);
    }
}
