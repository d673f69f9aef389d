package dev.tessera.server.api;

import dev.tessera.auth.spi.LocalUserAccounts;
import dev.tessera.auth.spi.Usernames;
import dev.tessera.server.errors.Problem;
import dev.tessera.server.errors.ProblemException;
import dev.tessera.server.roles.Roles;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Checks on what admins send, with messages that say what to fix. */
final class Inputs {

    private Inputs() {}

    /**
     * The canonical spelling ({@link Usernames#canonical}: NFKC, trimmed) under which the user's grants are kept;
     * case is kept, since only the backend knows whether it matters (whoami shows the name to use).
     */
    static String username(String username) {
        try {
            return Usernames.canonical(username);
        } catch (Usernames.InvalidUsernameException e) {
            throw ProblemException.unprocessable("username", "Username refused: " + e.getMessage()
                    + ". A username is 1 to 255 characters without control characters.");
        }
    }

    /** A local user's name as the backend that keeps them keys it (Basic: canonical, lower-cased). */
    static String localUsername(String username, LocalUserAccounts accounts) {
        try {
            return accounts.username(username);
        } catch (Usernames.InvalidUsernameException e) {
            throw ProblemException.unprocessable("username", "Username refused: " + e.getMessage()
                    + ". A username is 1 to 255 characters without control characters.");
        }
    }

    /** A query parameter that must be a whole number; anything else is a 400 that names it. */
    static int wholeNumber(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name + " must be a whole number.");
        }
    }

    static String role(String role, String pointer) {
        if (!Roles.isValidName(role)) {
            throw ProblemException.unprocessable(pointer,
                    "Role '" + role + "' is not a valid role name: use letters, digits, '_', '.', ':' or '-' (e.g. ROLE_ANALYST).");
        }
        return role;
    }

    static Set<String> roles(List<String> roles) {
        if (roles == null) {
            throw ProblemException.unprocessable("/", "The body must be a JSON array of role names, e.g. [\"ROLE_USER\"].");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        Set<String> valid = new LinkedHashSet<>();
        for (int i = 0; i < roles.size(); i++) {
            String role = roles.get(i);
            if (Roles.isValidName(role)) {
                valid.add(role);
            } else {
                errors.add(new Problem.FieldError("/" + i, "'" + role + "' is not a valid role name"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.unprocessable("Some role names are invalid: use letters, digits, '_', '.', ':' or '-'.", errors);
        }
        return valid;
    }
}
