package dev.tessera.auth.spi;

import java.text.Normalizer;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The one spelling of a username that Tessera keys anything on: grants, restrictions, lockout, caches, audit.
 *
 * <p>Directories and identity providers match names loosely ({@code ａｌｉｃｅ} and {@code " alice"} bind as alice in
 * LDAP or Active Directory), so a name keyed as typed would split one person into several identities, each with its
 * own grants and its own lockout count. Every name is therefore Unicode-normalized (NFKC, which folds fullwidth and
 * compatibility forms) and trimmed ({@link #canonical}, applied by {@link Identity} itself); then the backend's case
 * rule applies: a backend whose provider ignores case reports the name lower-cased (LDAP's
 * {@code usernameCaseConversion}, Kerberos's, and Basic, whose local users are case-insensitive:
 * {@link #caseInsensitive}).
 */
public final class Usernames {

    /** The role store's column width; longer names are refused rather than truncated. */
    public static final int MAX_LENGTH = 255;

    private Usernames() {}

    /**
     * {@code raw} normalized (NFKC) and trimmed.
     *
     * @throws InvalidUsernameException if the name is empty once trimmed, too long, or holds control characters
     */
    public static String canonical(@Nullable String raw) {
        if (raw == null) {
            throw new InvalidUsernameException("no username");
        }
        String name = Normalizer.normalize(raw, Normalizer.Form.NFKC).strip();
        if (name.isEmpty()) {
            throw new InvalidUsernameException("the username is empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new InvalidUsernameException("the username is " + name.length() + " characters long; at most "
                    + MAX_LENGTH + " are allowed");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidUsernameException("the username contains control characters");
        }
        return name;
    }

    /** The canonical name lower-cased: the key of a backend whose names ignore case, and of the lockout. */
    public static String caseInsensitive(String raw) {
        return canonical(raw).toLowerCase(Locale.ROOT);
    }

    /** A username refused by {@link #canonical}: a bad credential or a bad request, never a server error. */
    public static final class InvalidUsernameException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public InvalidUsernameException(String message) {
            super(message);
        }
    }
}
