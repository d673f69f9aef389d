package dev.tessera.auth.spi;

/**
 * Adding, re-passwording and removing the users a backend keeps in the server's store, for the admin API, the
 * command line and the first admin. The backend owns the password rules and how passwords are hashed; the server
 * owns where the records live ({@link LocalUserRecords}). Usernames given here are the backend's keys
 * ({@link #username}), actors are who made the change, for the audit log.
 */
public interface LocalUserAccounts {

    /**
     * The key under which this backend keeps the user typed as {@code typed} (Basic: canonical and lower-cased,
     * since local users are case-insensitive).
     *
     * @throws Usernames.InvalidUsernameException when the name cannot be a username
     */
    String username(String typed);

    /** The fewest characters a password chosen by a person may have; callers check before creating or changing. */
    int minPasswordLength();

    /** The most characters a password may have (hashing a megabyte is a denial of service, not a password). */
    int maxPasswordLength();

    /** A random password for a first admin or a new user, to be shown once; it meets the length rules. */
    String generatePassword();

    /** Creates a local user; false when one of that name exists already. */
    boolean create(String actor, String username, String password);

    /** Replaces a local user's password; false when there is no local user of that name. */
    boolean setPassword(String actor, String username, String password);

    /** Removes a local user; false when there is no local user of that name. */
    boolean delete(String actor, String username);
}
