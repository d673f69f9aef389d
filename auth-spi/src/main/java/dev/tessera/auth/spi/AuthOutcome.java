package dev.tessera.auth.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * The three answers a backend can give (Druid's model): the credential is not for me, it is mine and good,
 * it is mine and bad. A provider that cannot be reached is none of these: it throws
 * {@link ProviderUnavailableException}.
 */
public sealed interface AuthOutcome {

    /** The credential is not of a shape or issuer this backend handles; the next backend is tried. */
    record NotMine() implements AuthOutcome {}

    /**
     * The credential proves an identity.
     *
     * @param responseChallenge a {@code WWW-Authenticate} value to send on success, such as the SPNEGO
     *                          mutual-authentication token
     */
    record Accepted(Identity identity, Optional<String> responseChallenge) implements AuthOutcome {
        public Accepted {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(responseChallenge, "responseChallenge");
        }

        public Accepted(Identity identity) {
            this(identity, Optional.empty());
        }
    }

    /**
     * The credential is for this backend and is wrong.
     *
     * @param reason    shown to the client and written to the audit log: it must not tell an unknown user
     *                  from a wrong password, and must never contain a secret
     * @param challenge a {@code WWW-Authenticate} value to send instead of the backend's plain challenge,
     *                  such as {@code Bearer error="invalid_token"}
     */
    record Rejected(String reason, Optional<String> challenge) implements AuthOutcome {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(challenge, "challenge");
        }

        public Rejected(String reason) {
            this(reason, Optional.empty());
        }
    }

    static AuthOutcome notMine() {
        return new NotMine();
    }

    static AuthOutcome accepted(Identity identity) {
        return new Accepted(identity);
    }

    static AuthOutcome rejected(String reason) {
        return new Rejected(reason);
    }
}
