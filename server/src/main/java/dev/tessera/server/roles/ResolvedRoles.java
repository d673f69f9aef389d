package dev.tessera.server.roles;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the store says about a user for one request: effective roles, the restriction JSON each restricted role
 * carries, and when the user's sessions were last revoked.
 *
 * @param restrictionsByRole role -> restriction JSON (only roles that have one)
 * @param sessionsRevokedAt  session cookies issued until then are no longer accepted
 */
public record ResolvedRoles(Set<String> roles, Map<String, String> restrictionsByRole, Optional<Instant> sessionsRevokedAt) {
    public ResolvedRoles {
        roles = Set.copyOf(roles);
        restrictionsByRole = Map.copyOf(restrictionsByRole);
    }

    public ResolvedRoles(Set<String> roles, Map<String, String> restrictionsByRole) {
        this(roles, restrictionsByRole, Optional.empty());
    }

    public boolean has(String role) {
        return roles.contains(role);
    }
}
