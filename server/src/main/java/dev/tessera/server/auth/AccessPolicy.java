package dev.tessera.server.auth;

import dev.tessera.server.roles.Roles;
import java.util.Optional;

/**
 * Which paths are open and which role a path needs, in one place so that a new resource is closed by default:
 * everything under {@code /api} needs ROLE_USER (but whoami), admin and explain need ROLE_ADMIN, and nothing but
 * the login pages and static assets is open without login.
 */
public final class AccessPolicy {

    private AccessPolicy() {}

    /** @param path the request path without leading slash, e.g. {@code api/v1/whoami} */
    public static boolean isOpen(String path) {
        return path.equals("login") || path.startsWith("login/") || path.equals("logout") || path.startsWith("assets/");
    }

    /** The role a path needs beyond being authenticated. */
    public static Optional<String> requiredRole(String path) {
        String normalized = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (normalized.startsWith("api/v1/admin/") || normalized.equals("api/v1/admin")
                || normalized.endsWith("/query/explain")) {
            return Optional.of(Roles.ADMIN);
        }
        if (normalized.equals("api/v1/whoami")) {
            return Optional.empty();
        }
        if (normalized.equals("api") || normalized.startsWith("api/")) {
            return Optional.of(Roles.USER);
        }
        return Optional.empty();
    }

    /**
     * A same-origin path to return to after login: no scheme, no host, no {@code //} or backslash tricks, so the
     * login flow is never an open redirect.
     */
    public static String safeReturnPath(String returnTo) {
        if (returnTo == null || returnTo.isEmpty() || !returnTo.startsWith("/") || returnTo.startsWith("//")
                || returnTo.contains("\\") || returnTo.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
                || returnTo.startsWith("/login") || returnTo.startsWith("/logout")) {
            return "/";
        }
        return returnTo;
    }
}
