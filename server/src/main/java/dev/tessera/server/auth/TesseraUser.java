package dev.tessera.server.auth;

import dev.tessera.auth.spi.Identity;
import dev.tessera.server.roles.ResolvedRoles;
import dev.tessera.server.roles.Roles;
import java.security.Principal;

/**
 * The caller of one request: who the backend says they are, and the roles resolved for them now.
 *
 * @param scheme how this request proved it: {@code Basic}, {@code Bearer}, {@code Negotiate}, or {@link #SESSION}
 */
public record TesseraUser(Identity identity, ResolvedRoles roles, String scheme) implements Principal {

    /** The scheme of requests authenticated by the session cookie. */
    public static final String SESSION = "Session";

    /** Authenticated by the session cookie, so state-changing requests need the CSRF check. */
    public boolean viaSession() {
        return SESSION.equals(scheme);
    }

    @Override
    public String getName() {
        return identity.username();
    }

    public boolean isAdmin() {
        return roles.has(Roles.ADMIN);
    }
}
