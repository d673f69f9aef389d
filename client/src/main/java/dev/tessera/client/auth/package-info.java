/**
 * How the client signs its requests: {@link dev.tessera.client.auth.BasicAuth}, {@link dev.tessera.client.auth.BearerAuth},
 * {@link dev.tessera.client.auth.ClientCredentialsAuth}, {@link dev.tessera.client.auth.KerberosAuth} and
 * {@link dev.tessera.client.auth.SessionCookieAuth}.
 *
 * <p>Null-marked: a type here is non-null unless it says {@code @Nullable}; NullAway checks it at compile time.
 */
@NullMarked
package dev.tessera.client.auth;

import org.jspecify.annotations.NullMarked;
