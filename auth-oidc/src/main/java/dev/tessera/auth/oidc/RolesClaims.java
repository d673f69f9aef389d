package dev.tessera.auth.oidc;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads provider roles out of a claims map (ID token, access token, user info or introspection response), following
 * each configured {@link ClaimPath}. A string value is one role, an array gives one role per string element; objects,
 * missing claims and broken paths give nothing, never an error: a token without roles is an ordinary token.
 */
public final class RolesClaims {

    private final List<ClaimPath> paths;

    public RolesClaims(List<ClaimPath> paths) {
        this.paths = List.copyOf(paths);
    }

    public boolean isEmpty() {
        return paths.isEmpty();
    }

    public Set<String> extract(Map<String, ?> claims) {
        Set<String> roles = new LinkedHashSet<>();
        if (claims == null) {
            return roles;
        }
        for (ClaimPath path : paths) {
            Object value = follow(claims, path.segments());
            if (value instanceof String role) {
                addRole(roles, role);
            } else if (value instanceof Collection<?> values) {
                for (Object element : values) {
                    if (element instanceof String role) {
                        addRole(roles, role);
                    } else if (element instanceof Number || element instanceof Boolean) {
                        addRole(roles, element.toString());
                    }
                }
            }
        }
        return roles;
    }

    private static Object follow(Map<String, ?> claims, List<String> segments) {
        Object current = claims;
        for (String segment : segments) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(segment);
        }
        return current;
    }

    private static void addRole(Set<String> roles, String role) {
        String trimmed = role.strip();
        if (!trimmed.isEmpty()) {
            roles.add(trimmed);
        }
    }

    @Override
    public String toString() {
        return paths.toString();
    }
}
