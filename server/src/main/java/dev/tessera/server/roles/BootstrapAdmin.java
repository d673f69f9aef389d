package dev.tessera.server.roles;

import dev.tessera.auth.basic.PasswordHasher;
import dev.tessera.auth.spi.Usernames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first admin: when no one holds ROLE_ADMIN, creates the configured Basic user with ROLE_ADMIN and ROLE_USER,
 * with the configured password or a generated one printed once.
 */
public final class BootstrapAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(BootstrapAdmin.class);

    private BootstrapAdmin() {}

    /** @return the generated password, when one was generated */
    public static java.util.Optional<String> ensure(RoleStore store, LocalUserStore users, PasswordHasher hasher, String username,
                                                    String configuredPassword) {
        if (store.anyoneHolds(Roles.ADMIN)) {
            return java.util.Optional.empty();
        }
        username = Usernames.caseInsensitive(username);
        boolean generate = configuredPassword == null || configuredPassword.isEmpty();
        String password = generate ? PasswordHasher.generatePassword() : configuredPassword;
        if (!users.insert("bootstrap", username, hasher.hash(password))) {
            users.updatePasswordHash("bootstrap", username, hasher.hash(password));
        }
        store.grant("bootstrap", username, Roles.ADMIN);
        store.grant("bootstrap", username, Roles.USER);
        if (generate) {
            // Printed once, to the console only: it is not kept anywhere in clear.
            System.out.println("\n  Tessera first admin created: username '" + username + "', password '" + password + "'"
                    + "\n  Change it with: PUT /api/v1/admin/basic-users/" + username + "/password\n");
        } else {
            LOG.info("Created first admin '{}' with the password from auth.bootstrapAdmin", username);
        }
        return generate ? java.util.Optional.of(password) : java.util.Optional.empty();
    }
}
