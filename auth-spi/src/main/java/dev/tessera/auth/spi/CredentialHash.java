package dev.tessera.auth.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** A SHA-256 of a password or bearer credential, for cache keys: a cache never holds the secret itself. */
public final class CredentialHash {

    private CredentialHash() {}

    /** The hash, or empty for credentials that are never reused (SPNEGO tokens are single-use). */
    public static Optional<String> of(Credentials credentials) {
        if (credentials instanceof Credentials.Password password) {
            return Optional.of(sha256("p\0" + password.username() + "\0" + password.password()));
        }
        if (credentials instanceof Credentials.Bearer bearer) {
            return Optional.of(sha256("b\0" + bearer.token()));
        }
        return Optional.empty();
    }

    private static String sha256(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
