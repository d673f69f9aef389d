package dev.tessera.auth.spi;

/** The kinds of credential a request can carry; a backend says which ones it takes. */
public enum CredentialKind {
    /** Username and password, from {@code Authorization: Basic} or the login form. */
    PASSWORD,
    /** {@code Authorization: Bearer} token (RFC 6750). */
    BEARER,
    /** {@code Authorization: Negotiate} SPNEGO token (RFC 4559). */
    NEGOTIATE
}
