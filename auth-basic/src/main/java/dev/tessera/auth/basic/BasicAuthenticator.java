package dev.tessera.auth.basic;

import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.CredentialKind;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.Identity;
import dev.tessera.auth.spi.LocalUsers;
import dev.tessera.auth.spi.ProviderUnavailableException;
import dev.tessera.auth.spi.Usernames;
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
        if (!(credentials instanceof Credentials.Password password)) {
            return AuthOutcome.notMine();
        }
        Optional<String> username = canonical(password.username());
        Optional<String> hash = username.isPresent() ? users.passwordHash(username.get()) : Optional.empty();
        boolean valid = hash.isPresent()
                ? hasher.verify(password.password(), hash.get())
                : hasher.verifyAgainstNobody(password.password());
        // Lockout after repeated failures is the server chain's job, across every password backend.
        return valid ? AuthOutcome.accepted(Identity.of(username.get(), backendName)) : AuthOutcome.rejected(INVALID);
    }

    /** Local users are case-insensitive, kept under the lower-cased canonical name; a name that has none matches no one. */
    private static Optional<String> canonical(String typed) {
        try {
            return Optional.of(Usernames.caseInsensitive(typed));
        } catch (Usernames.InvalidUsernameException e) {
            return Optional.empty();
        }
    }
}
