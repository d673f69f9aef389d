/**
 * The Kerberos (SPNEGO) login backend.
 *
 * <p>Null-marked: a type here is non-null unless it says {@code @Nullable}; NullAway checks it at compile time.
 */
@NullMarked
package dev.tessera.auth.kerberos;

import org.jspecify.annotations.NullMarked;
