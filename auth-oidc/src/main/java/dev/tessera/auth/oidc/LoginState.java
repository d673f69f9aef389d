package dev.tessera.auth.oidc;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What must survive the trip to the provider: {@code state}, {@code nonce}, the PKCE verifier and when the login
 * began. Encoded as {@code state.nonce.verifier.epochSeconds} (each part base64url, so '.' never occurs inside),
 * about 140 characters. The server keeps it in a short-lived cookie it signs; this class does not sign it.
 */
record LoginState(State state, Nonce nonce, CodeVerifier verifier, Instant begunAt) {

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_-]{16,128}");

    static LoginState fresh(Instant now) {
        return new LoginState(new State(), new Nonce(), new CodeVerifier(), now);
    }

    String encode() {
        return state.getValue() + "." + nonce.getValue() + "." + verifier.getValue() + "." + begunAt.getEpochSecond();
    }

    static Optional<LoginState> decode(String encoded) {
        if (encoded == null) {
            return Optional.empty();
        }
        String[] parts = encoded.split("\\.", -1);
        if (parts.length != 4 || !PART.matcher(parts[0]).matches() || !PART.matcher(parts[1]).matches()
                || !parts[3].matches("\\d{1,12}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LoginState(new State(parts[0]), new Nonce(parts[1]), new CodeVerifier(parts[2]),
                    Instant.ofEpochSecond(Long.parseLong(parts[3]))));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a verifier outside RFC 7636's 43-128 characters
        }
    }
}
