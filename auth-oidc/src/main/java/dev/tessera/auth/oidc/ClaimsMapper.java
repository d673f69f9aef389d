package dev.tessera.auth.oidc;

import dev.tessera.auth.spi.Identity;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns claims (from a token, user info or introspection) into an {@link Identity}. */
final class ClaimsMapper {

    private final String backend;
    private final String nameClaim;
    private final RolesClaims rolesClaims;

    ClaimsMapper(String backend, String nameClaim, RolesClaims rolesClaims) {
        this.backend = backend;
        this.nameClaim = nameClaim;
        this.rolesClaims = rolesClaims;
    }

    String backend() {
        return backend;
    }

    String nameClaim() {
        return nameClaim;
    }

    RolesClaims rolesClaims() {
        return rolesClaims;
    }

    /** The value of {@code nameClaim}, when it is a non-blank string. */
    Optional<String> username(Map<String, ?> claims) {
        Object value = claims.get(nameClaim);
        return value instanceof String name && !name.isBlank() ? Optional.of(name.strip()) : Optional.empty();
    }

    Set<String> roles(Map<String, ?> claims) {
        return rolesClaims.extract(claims);
    }

    /** {@code email} and {@code displayName} (from {@code name}, else {@code preferred_username}), where present. */
    static Map<String, String> attributes(Map<String, ?> claims) {
        Map<String, String> attributes = new HashMap<>();
        if (claims.get("email") instanceof String email && !email.isBlank()) {
            attributes.put("email", email);
        }
        if (claims.get("name") instanceof String name && !name.isBlank()) {
            attributes.put("displayName", name);
        } else if (claims.get("preferred_username") instanceof String preferred && !preferred.isBlank()) {
            attributes.put("displayName", preferred);
        }
        return attributes;
    }

    /** An identity from one set of claims, or empty when {@code nameClaim} is missing. */
    Optional<Identity> identity(Map<String, ?> claims) {
        return username(claims).map(name -> new Identity(name, backend, roles(claims), attributes(claims)));
    }

    /** Merges claims from the ID token and from user info: the ID token wins where both speak, roles are unioned. */
    Optional<Identity> identity(Map<String, ?> idToken, Map<String, ?> userInfo) {
        Optional<String> name = username(idToken).or(() -> username(userInfo));
        Set<String> roles = new LinkedHashSet<>(roles(idToken));
        roles.addAll(roles(userInfo));
        Map<String, String> attributes = new HashMap<>(attributes(userInfo));
        attributes.putAll(attributes(idToken));
        return name.map(n -> new Identity(n, backend, roles, attributes));
    }
}
