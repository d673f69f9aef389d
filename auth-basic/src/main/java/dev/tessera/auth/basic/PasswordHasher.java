package dev.tessera.auth.basic;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Argon2id with OWASP's minimum parameters (19 MiB, 2 iterations, 1 lane). Hashes are PHC strings, so they carry
 * their own parameters and old hashes keep verifying after the parameters are raised.
 */
public final class PasswordHasher {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MEMORY_KIB = 19_456;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int HASH_LENGTH = 32;
    private static final Argon2Function ARGON2ID =
            Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_LENGTH, Argon2.ID);

    /** Verified against when the user does not exist, so unknown users cost the same time as wrong passwords. */
    private static final String DUMMY_HASH = new PasswordHasher().hash("tessera-dummy-password");

    /** A random password for a first admin or a new user: 18 bytes (144 bits), URL-safe base64. */
    public static String generatePassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
    }

    public boolean verify(String password, String storedHash) {
        if (!storedHash.startsWith("$argon2")) {
            return false;
        }
        return Password.check(password, storedHash).with(Argon2Function.getInstanceFromHash(storedHash));
    }

    /** Spends the time of a real verification and fails. */
    public boolean verifyAgainstNobody(String password) {
        verify(password, DUMMY_HASH);
        return false;
    }
}
