package dev.tessera.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Compact HMAC-SHA256 signed JSON ({@code payload.signature}, both base64url) for the session cookie and the
 * short-lived OIDC login-state cookie. The purpose is part of what is signed, so a token made for one use is
 * never accepted for another. Signatures are compared in constant time.
 */
public final class SignedTokens {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private static final int GCM_NONCE_BYTES = 12;
    private static final int GCM_TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecretKeySpec sealingKey;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SignedTokens(byte[] key, ObjectMapper mapper, Clock clock) {
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        // A key of its own for encryption, derived from the same secret so replicas agree on it.
        this.sealingKey = new SecretKeySpec(Arrays.copyOf(mac("seal", "tessera-aes-gcm-key"), 32), "AES");
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Encrypts a secret (a refresh token) for a cookie: AES-GCM, so it is unreadable and tamper-evident. */
    public String seal(String secret) {
        try {
            byte[] nonce = new byte[GCM_NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, sealingKey, new GCMParameterSpec(GCM_TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, nonce.length + sealed.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return ENCODER.encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every JVM", e);
        }
    }

    /** The secret {@link #seal} encrypted, or empty when the value was not sealed with this key. */
    public Optional<String> open(String sealed) {
        try {
            byte[] in = DECODER.decode(sealed);
            if (in.length <= GCM_NONCE_BYTES) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, sealingKey, new GCMParameterSpec(GCM_TAG_BITS, in, 0, GCM_NONCE_BYTES));
            byte[] plain = cipher.doFinal(in, GCM_NONCE_BYTES, in.length - GCM_NONCE_BYTES);
            return Optional.of(new String(plain, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty();
        }
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
