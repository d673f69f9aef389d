/**
 * Reading Basic, Bearer and Negotiate {@code Authorization} headers and writing {@code WWW-Authenticate} challenges.
 *
 * <p>Null-marked: a type here is non-null unless it says {@code @Nullable}; NullAway checks it at compile time.
 */
@NullMarked
package dev.tessera.auth.spi.http;

import org.jspecify.annotations.NullMarked;
