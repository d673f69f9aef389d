package dev.tessera.auth.spi;

import java.util.Arrays;
import java.util.Objects;

/** What a request presented. Secrets never appear in {@code toString()}. */
public sealed interface Credentials {

    CredentialKind kind();

    /** Username and password, from {@code Authorization: Basic} or the login form. */
    record Password(String username, String password) implements Credentials {
        public Password {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public CredentialKind kind() {
            return CredentialKind.PASSWORD;
        }

        @Override
        public String toString() {
            return "Password[username=" + username + ", password=****]";
        }
    }

    /** A bearer access token. */
    record Bearer(String token) implements Credentials {
        public Bearer {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public CredentialKind kind() {
            return CredentialKind.BEARER;
        }

        @Override
        public String toString() {
            return "Bearer[****]";
        }
    }

    /** A decoded SPNEGO token. */
    @SuppressWarnings("ArrayRecordComponent") // copied in and out, compared by content: the array never escapes
    record Negotiate(byte[] token) implements Credentials {
        public Negotiate {
            token = token.clone();
        }

        @Override
        public byte[] token() {
            return token.clone();
        }

        @Override
        public CredentialKind kind() {
            return CredentialKind.NEGOTIATE;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Negotiate that && Arrays.equals(token, that.token);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(token);
        }

        @Override
        public String toString() {
            return "Negotiate[" + token.length + " bytes]";
        }
    }
}
