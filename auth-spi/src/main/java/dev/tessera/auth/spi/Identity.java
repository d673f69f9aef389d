package dev.tessera.auth.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who a backend says the caller is.
 *
 * @param username      the canonical username (NFKC, trimmed: {@link Usernames#canonical}) in the backend's case rule,
 *                      the key of individual roles, restrictions and audit; a record made with another spelling holds
 *                      the canonical one
 * @param backend       name of the backend that vouched for the user (its key in role mappings)
 * @param providerRoles roles the provider asserted (LDAP groups, OIDC claims); empty for backends that supply none
 * @param attributes    informational attributes such as {@code email} or {@code displayName}
 */
public record Identity(String username, String backend, Set<String> providerRoles, Map<String, String> attributes) {
    public Identity {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(backend, "backend");
        username = Usernames.canonical(username);
        providerRoles = Set.copyOf(providerRoles);
        attributes = Map.copyOf(attributes);
    }

    public static Identity of(String username, String backend) {
        return new Identity(username, backend, Set.of(), Map.of());
    }
}
