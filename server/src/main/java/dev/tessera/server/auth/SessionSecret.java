package dev.tessera.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session signing key: from config, or generated once and kept in the data directory. A short or well-known
 * key refuses start-up: Superset shipped a default key that let anyone forge an admin session.
 */
public final class SessionSecret {

    private static final Logger LOG = LoggerFactory.getLogger(SessionSecret.class);
    static final int MIN_LENGTH = 32;
    private static final Set<String> KNOWN_WEAK = Set.of(
            "changeme", "change_me", "secret", "password", "tessera", "thisisasecret",
            "\\2\\1thisismyscretkey\\1\\2\\e\\y\\y\\h", "thisismyscretkey",
            "change_me_to_a_complex_random_secret", "your_own_random_generated_secret_key",
            "thisisasecret_1234", "supersecretkey", "0123456789abcdef0123456789abcdef",
            "00000000000000000000000000000000");
    private static final String KEY_FILE = "session.key";

    private SessionSecret() {}

    public static byte[] resolve(String configured, Path dataDirectory) {
        if (configured != null && !configured.isEmpty()) {
            checkStrength(configured);
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        return loadOrGenerate(dataDirectory.resolve(KEY_FILE));
    }

    static void checkStrength(String secret) {
        String lower = secret.toLowerCase(Locale.ROOT);
        if (KNOWN_WEAK.contains(lower)) {
            throw new IllegalStateException("auth.session.secret is a published default; set it to a random value, "
                    + "e.g. TESSERA_SESSION_SECRET=$(openssl rand -base64 48)");
        }
        if (secret.length() < MIN_LENGTH) {
            throw new IllegalStateException("auth.session.secret is " + secret.length() + " characters; it needs at least "
                    + MIN_LENGTH + ", e.g. TESSERA_SESSION_SECRET=$(openssl rand -base64 48)");
        }
        if (secret.chars().distinct().count() < 8) {
            throw new IllegalStateException("auth.session.secret repeats too few characters to be random; "
                    + "e.g. TESSERA_SESSION_SECRET=$(openssl rand -base64 48)");
        }
    }

    private static byte[] loadOrGenerate(Path file) {
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).strip());
            }
            byte[] key = new byte[48];
            new SecureRandom().nextBytes(key);
            Files.createDirectories(file.getParent());
            try {
                // Created owner-only from the start, never readable by others even for a moment.
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, Base64.getEncoder().encodeToString(key));
            LOG.info("Generated a session signing key in {}; replicas sharing sessions need auth.session.secret instead",
                    file);
            return key;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot read or create the session key file " + file + ": " + e.getMessage(), e);
        }
    }
}
