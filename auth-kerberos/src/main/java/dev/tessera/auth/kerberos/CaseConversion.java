package dev.tessera.auth.kerberos;

import java.util.Locale;

/** What to do to the letter case of a username after the principal has been mapped. */
public enum CaseConversion {
    NONE,
    LOWER,
    UPPER;

    String apply(String username) {
        return switch (this) {
            case NONE -> username;
            case LOWER -> username.toLowerCase(Locale.ROOT);
            case UPPER -> username.toUpperCase(Locale.ROOT);
        };
    }
}
