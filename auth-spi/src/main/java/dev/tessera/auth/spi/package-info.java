/**
 * The contract between the server and its login backends: factories, authenticators, outcomes and identities.
 *
 * <p>Null-marked: a type here is non-null unless it says {@code @Nullable}; NullAway checks it at compile time.
 */
@NullMarked
package dev.tessera.auth.spi;

import org.jspecify.annotations.NullMarked;
