package dev.tessera.auth.spi;

/**
 * A backend whose users the server keeps in its own store (Basic), rather than a directory or an identity provider.
 * The server binds local users to this backend's {@link #name()} and manages them through {@link #accounts}, so it
 * needs no code of the backend's module: at most one such backend is used, the first in {@code auth.backends}.
 */
public interface LocalUsersFactory extends AuthenticatorFactory {

    /** How to manage this backend's users over the server's records of them; callable without {@link #build}. */
    LocalUserAccounts accounts(LocalUserRecords records);
}
