package dev.tessera.cube.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * One answer's identity: the engine and the data version it answers from, the cube, and the canonical text of the
 * request and of the caller's restriction ({@link Canonical}). Two users with the same restriction have equal keys;
 * different restrictions never do.
 */
public record CacheKey(String engine, long dataVersion, String cube, String request, String restriction) {

    /**
     * The key of the same answer kept encoded in {@code format} (an Arrow stream), beside its rows: another entry,
     * so the rows still serve JSON, and the encoding is done once per answer rather than once per request.
     */
    public CacheKey encodedAs(String format) {
        return new CacheKey(engine, dataVersion, cube, request + ";encoded=" + format, restriction);
    }

    /**
     * A strong entity tag for this answer in {@code format}: a hash, so the restriction's values never leave the
     * server; quoted, as HTTP writes it.
     */
    public String entityTag(String format) {
        String text = String.join("\u0000", engine, Long.toString(dataVersion), cube, request, restriction, format);
        return '"' + sha256(text) + '"';
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
