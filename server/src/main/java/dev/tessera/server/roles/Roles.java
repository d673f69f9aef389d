package dev.tessera.server.roles;

import java.util.regex.Pattern;

/** The roles the server itself gives meaning to, and what a role name may be. */
public final class Roles {

    public static final String USER = "ROLE_USER";
    public static final String ADMIN = "ROLE_ADMIN";
    /** May share saved queries with other users and roles (read-only). */
    public static final String SHARE = "ROLE_SHARE";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,255}");

    private Roles() {}

    public static boolean isValidName(String role) {
        return role != null && NAME.matcher(role).matches();
    }

    /** ROLE_USER and ROLE_ADMIN are about access, not data: they cannot carry restrictions. */
    public static boolean isReserved(String role) {
        return USER.equals(role) || ADMIN.equals(role);
    }
}
