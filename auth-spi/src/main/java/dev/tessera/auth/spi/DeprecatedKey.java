package dev.tessera.auth.spi;

/**
 * A config key still read for compatibility that has a new spelling; the server warns about each one at start.
 *
 * @param key         the old key, as written in the backend's entry, e.g. {@code cacheTtl}
 * @param replacement the key to write instead, e.g. {@code cache.ttl}
 */
public record DeprecatedKey(String key, String replacement) {}
