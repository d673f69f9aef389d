/**
 * The Tessera Java client: {@link dev.tessera.client.TesseraClient} lists cubes, reads their metadata and members
 * and runs queries, answered as typed rows, streamed CSV or an Arrow stream.
 *
 * <p>Null-marked: a type here is non-null unless it says {@code @Nullable}; NullAway checks it at compile time.
 */
@NullMarked
package dev.tessera.client;

import org.jspecify.annotations.NullMarked;
