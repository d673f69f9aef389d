package dev.tessera.server.roles;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the store says about a user for one request: effective roles, the restriction JSON each restricted role
 * carries, when the user's sessions were last revoked, and the backends the name is bound to.
 *
 * @param restrictionsByRole role -> restriction JSON (only roles that have one)
 * @param sessionsRevokedAt  session cookies issued until then are no longer accepted
 * @param boundBackends      the backends this name signs in through ({@link BackendBindings})
 * @param admitted           false when the backend that vouched is not one of them: the caller is refused whatever
 *                           the roles say (and holds none)
 */
public record ResolvedRoles(Set<String> roles, Map<String, String> restrictionsByRole, Optional<Instant> sessionsRevokedAt,
                            List<String> boundBackends, boolean admitted) {
    public ResolvedRoles {
        roles = admitted ? Set.copyOf(roles) : Set.of();
        restrictionsByRole = admitted ? Map.copyOf(restrictionsByRole) : Map.of();
        boundBackends = List.copyOf(boundBackends);
    }

    public ResolvedRoles(Set<String> roles, Map<String, String> restrictionsByRole) {
        this(roles, restrictionsByRole, Optional.empty(), List.of(), true);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }
}
