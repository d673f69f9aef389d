package dev.tessera.server.roles;

import java.util.Map;
import java.util.Set;

/**
 * A user's effective roles and the restriction JSON each restricted role carries, as resolved for one request.
 *
 * @param restrictionsByRole role -> restriction JSON (only roles that have one)
 */
public record ResolvedRoles(Set<String> roles, Map<String, String> restrictionsByRole) {
    public ResolvedRoles {
        roles = Set.copyOf(roles);
        restrictionsByRole = Map.copyOf(restrictionsByRole);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }
}
