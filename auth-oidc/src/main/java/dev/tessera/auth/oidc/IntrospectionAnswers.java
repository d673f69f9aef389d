package dev.tessera.auth.oidc;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Judges an active RFC 7662 introspection answer as strictly as a JWT: introspection tells whether the provider
 * issued a token, not that it was issued for Tessera, so a token for another client (Keycloak's {@code admin-cli})
 * or a refresh token would otherwise log its holder in.
 */
final class IntrospectionAnswers {

    private IntrospectionAnswers() {}

    /**
     * Why Tessera refuses the token this answer describes, if it does: the answer must name the expected audience in
     * {@code aud} (a string or a list), or as {@code azp}, the authorized party, where Keycloak puts the client a
     * token was issued to; and it must not declare another kind of token ({@link TokenKind#declaredOtherThanAccess}).
     */
    static Optional<String> whyRefused(Map<String, ?> answer, String audience) {
        Optional<String> declared = TokenKind.declaredOtherThanAccess(answer);
        if (declared.isPresent()) {
            return Optional.of("not an access token (" + declared.get() + ")");
        }
        if (!names(answer.get("aud"), audience) && !audience.equals(answer.get("azp"))) {
            return Optional.of("the token is not meant for this server (neither aud nor azp is '" + audience + "')");
        }
        return Optional.empty();
    }

    private static boolean names(Object aud, String audience) {
        return aud instanceof Collection<?> values ? values.contains(audience) : audience.equals(aud);
    }
}
