/**
 * The Basic login backend.
 *
 * <p>Null-marked: a type here is non-null unless it says {@code @Nullable}; NullAway checks it at compile time.
 */
@NullMarked
package dev.tessera.auth.basic;

import org.jspecify.annotations.NullMarked;
