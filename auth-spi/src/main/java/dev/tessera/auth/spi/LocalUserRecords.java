package dev.tessera.auth.spi;

/**
 * The server's records of local users: what a backend that keeps its users in the server's own store writes there.
 * The server binds each new name to that backend, writes every change in one transaction with its audit entry, and
 * ends a user's sessions when their password changes or they are removed. It stores hashes as given and never
 * learns how they were made.
 */
public interface LocalUserRecords extends LocalUsers {

    /** Records a new local user; false when one of that name exists already. */
    boolean insert(String actor, String username, String passwordHash);

    /** Replaces a local user's password hash; false when there is no local user of that name. */
    boolean updatePasswordHash(String actor, String username, String passwordHash);

    /** Removes a local user's record; false when there is no local user of that name. */
    boolean delete(String actor, String username);
}
