package dev.tessera.server.roles;

import dev.tessera.auth.spi.LocalUserAccounts;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first admin: when no one holds ROLE_ADMIN, creates the configured local user with ROLE_ADMIN and ROLE_USER,
 * with the configured password or a generated one printed once.
 */
public final class BootstrapAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(BootstrapAdmin.class);
    private static final String ACTOR = "bootstrap";

    private BootstrapAdmin() {}

    /** Creates the first admin when no one holds the admin role; the generated password, when one was generated. */
    public static Optional<String> ensure(RoleStore store, LocalUserAccounts accounts, String typedUsername,
                                          String configuredPassword) {
        if (store.anyoneHolds(Roles.ADMIN)) {
            return Optional.empty();
        }
        String username = accounts.username(typedUsername);
        boolean generate = configuredPassword == null || configuredPassword.isEmpty();
        String password = generate ? accounts.generatePassword() : configuredPassword;
        if (!accounts.create(ACTOR, username, password)) {
            accounts.setPassword(ACTOR, username, password);
        }
        store.grant(ACTOR, username, Roles.ADMIN);
        store.grant(ACTOR, username, Roles.USER);
        if (generate) {
            // Printed once, to the console only: it is not kept anywhere in clear.
            System.out.println("\n  Tessera first admin created: username '" + username + "', password '" + password + "'"
                    + "\n  Change it with: PUT /api/v1/admin/basic-users/" + username + "/password\n");
            return Optional.of(password);
        }
        LOG.info("Created first admin '{}' with the password from auth.bootstrapAdmin", username);
        return Optional.empty();
    }
}
