package dev.tessera.server.saved;

import dev.tessera.auth.spi.Usernames;
import dev.tessera.server.errors.ProblemException;
import dev.tessera.server.roles.Roles;
import dev.tessera.server.roles.SavedQueryStore;

/** Who a query may be shared with, spelt as the store keys them: canonical usernames, valid role names. */
final class Grantees {

    private Grantees() {}

    static String of(String kind, String raw) {
        return kind.equals(SavedQueryStore.USER) ? username(raw) : role(raw);
    }

    /** The canonical spelling ({@link Usernames#canonical}), the name {@code whoami} shows. */
    static String username(String raw) {
        try {
            return Usernames.canonical(raw);
        } catch (Usernames.InvalidUsernameException e) {
            throw ProblemException.unprocessable("username", "Username refused: " + e.getMessage()
                    + ". A username is 1 to 255 characters without control characters.");
        }
    }

    static String role(String role) {
        if (!Roles.isValidName(role)) {
            throw ProblemException.unprocessable("role", "'" + role
                    + "' is not a valid role name: use letters, digits, '_', '.', ':' or '-' (e.g. ROLE_ANALYST).");
        }
        return role;
    }
}
