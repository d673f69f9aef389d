package dev.tessera.auth.spi.http;

import dev.tessera.auth.spi.Credentials;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Parses an {@code Authorization} header into {@link Credentials}. */
public final class AuthorizationHeader {

    private AuthorizationHeader() {}

    /**
     * Reads the credentials of an {@code Authorization} header.
     *
     * @param header the header's value; null when the request has none
     * @return the credentials, or empty when the header is absent or of a scheme Tessera does not know
     * @throws MalformedCredentialsException when the scheme is known but its value cannot be decoded
     */
    public static Optional<Credentials> parse(@Nullable String header) throws MalformedCredentialsException {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String trimmed = header.strip();
        int space = trimmed.indexOf(' ');
        String scheme = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
        String value = space < 0 ? "" : trimmed.substring(space + 1).strip();
        return switch (scheme) {
            case "basic" -> Optional.of(basic(value));
            case "bearer" -> Optional.of(bearer(value));
            case "negotiate" -> Optional.of(new Credentials.Negotiate(base64(value, "Negotiate")));
            default -> Optional.empty();
        };
    }

    private static Credentials basic(String value) throws MalformedCredentialsException {
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(base64(value, "Basic")))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedCredentialsException("Basic credentials must be UTF-8");
        }
        // RFC 7617: the user-id cannot contain ':', the password can, so split on the first one only.
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new MalformedCredentialsException("Basic credentials must be base64 of 'username:password'");
        }
        return new Credentials.Password(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private static Credentials bearer(String value) throws MalformedCredentialsException {
        if (value.isEmpty() || value.contains(" ")) {
            throw new MalformedCredentialsException("Bearer needs exactly one token");
        }
        return new Credentials.Bearer(value);
    }

    private static byte[] base64(String value, String scheme) throws MalformedCredentialsException {
        if (value.isEmpty()) {
            throw new MalformedCredentialsException(scheme + " needs a base64 value");
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new MalformedCredentialsException(scheme + " value is not valid base64");
        }
    }
}
