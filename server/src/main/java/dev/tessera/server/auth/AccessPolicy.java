package dev.tessera.server.auth;

/** Where a login may send the browser afterwards. Who may call what is {@link AccessFeature}'s job. */
public final class AccessPolicy {

    private AccessPolicy() {}

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
