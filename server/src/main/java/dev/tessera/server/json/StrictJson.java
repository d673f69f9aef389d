package dev.tessera.server.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How request bodies are read: one JSON value, each key once, integers where integers are expected. A key sent
 * twice is refused rather than resolved (the last one would win silently, fooling a check that read the first),
 * anything after the value is refused too, and {@code "limit": 1.5} is not quietly 1.
 */
public final class StrictJson {

    private StrictJson() {}

    public static void configure(ObjectMapper mapper) {
        mapper.getFactory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }
}
