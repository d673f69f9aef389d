package dev.tessera.server.auth;

import dev.tessera.auth.spi.Identity;
import dev.tessera.server.roles.ResolvedRoles;
import dev.tessera.server.roles.Roles;
import java.security.Principal;

/**
 * The caller of one request: who the backend says they are, and the roles resolved for them now.
 *
 * @param viaSession authenticated by the session cookie (so state-changing requests need the CSRF check)
 */
public record TesseraUser(Identity identity, ResolvedRoles roles, boolean viaSession) implements Principal {

    @Override
    public String getName() {
        return identity.username();
    }

    public boolean isAdmin() {
        return roles.has(Roles.ADMIN);
    }
}
