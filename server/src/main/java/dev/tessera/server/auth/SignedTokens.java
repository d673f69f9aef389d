package dev.tessera.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Compact HMAC-SHA256 signed JSON ({@code payload.signature}, both base64url) for the session cookie and the
 * short-lived OIDC login-state cookie. The purpose is part of what is signed, so a token made for one use is
 * never accepted for another. Signatures are compared in constant time.
 */
public final class SignedTokens {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final ObjectMapper mapper;
    private final Clock clock;

    public SignedTokens(byte[] key, ObjectMapper mapper, Clock clock) {
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.mapper = mapper;
        this.clock = clock;
    }

    public String sign(String purpose, ObjectNode claims, Duration ttl) {
        ObjectNode body = claims.deepCopy();
        body.put("exp", clock.instant().plus(ttl).getEpochSecond());
        try {
            String payload = ENCODER.encodeToString(mapper.writeValueAsBytes(body));
            return payload + "." + ENCODER.encodeToString(mac(purpose, payload));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize token claims", e);
        }
    }

    /** The claims, when the signature is ours, made for this purpose, and not expired. */
    public Optional<JsonNode> verify(String purpose, String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        String payload = token.substring(0, dot);
        try {
            byte[] signature = DECODER.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, mac(purpose, payload))) {
                return Optional.empty();
            }
            JsonNode claims = mapper.readTree(DECODER.decode(payload));
            if (!claims.path("exp").canConvertToLong() || claims.path("exp").asLong() < clock.instant().getEpochSecond()) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
    }

    public ObjectNode newClaims() {
        return mapper.createObjectNode();
    }

    private byte[] mac(String purpose, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }
}
