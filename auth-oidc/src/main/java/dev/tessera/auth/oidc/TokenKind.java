package dev.tessera.auth.oidc;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tells access tokens from the other tokens a provider issues - ID, refresh, offline and logout tokens - which a
 * client may present as a bearer by mistake or on purpose. Only ever refuses: a token that passes here still has
 * to be vouched for by a signature or by the provider.
 */
final class TokenKind {

    /** RFC 9068's explicit JOSE type for access tokens. */
    static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");
    static final JOSEObjectType APPLICATION_AT_JWT = new JOSEObjectType("application/at+jwt");
    /** Claims that only ID tokens carry (OIDC Core 2 and 3.3.2.11); RFC 9068 access tokens never do. */
    private static final List<String> ID_TOKEN_ONLY_CLAIMS = List.of("nonce", "at_hash", "c_hash", "s_hash");
    /** Ory Hydra says {@code access_token}, Amazon Cognito {@code access}; their other values are other tokens. */
    private static final Set<String> ACCESS_TOKEN_USES = Set.of("access_token", "access");

    private TokenKind() {}

    /** Whether a JOSE header {@code typ} may head an access token: none, plain {@code JWT}, or RFC 9068's type. */
    static boolean accessTokenHeaderType(JOSEObjectType type) {
        return type == null || JOSEObjectType.JWT.equals(type) || AT_JWT.equals(type)
                || APPLICATION_AT_JWT.equals(type);
    }

    /**
     * Why the token's claims, or a provider's introspection answer, declare something other than a bearer access
     * token, if they do: Keycloak's {@code typ} ({@code Bearer} for access tokens; {@code Refresh}, {@code Offline},
     * {@code ID}, {@code Logout} otherwise), RFC 7662's {@code token_type} (Tessera takes {@code Bearer} only: a
     * DPoP-bound token must not be honoured as a bearer, RFC 9449 section 7.2), and {@code token_use}.
     */
    static Optional<String> declaredOtherThanAccess(Map<String, ?> claims) {
        Object typ = claims.get("typ");
        if (typ != null && !"bearer".equalsIgnoreCase(typ.toString())) {
            return Optional.of("typ is " + shown(typ));
        }
        Object tokenType = claims.get("token_type");
        if (tokenType != null && !"bearer".equalsIgnoreCase(tokenType.toString())) {
            return Optional.of("token_type is " + shown(tokenType));
        }
        Object tokenUse = claims.get("token_use");
        if (tokenUse != null && !ACCESS_TOKEN_USES.contains(tokenUse.toString().toLowerCase(Locale.ROOT))) {
            return Optional.of("token_use is " + shown(tokenUse));
        }
        return Optional.empty();
    }

    /**
     * Why this JWT is not an access token, if it is not. The rule: a header type other than none, {@code JWT} or
     * {@code at+jwt} is refused, and so is a type declared in the claims ({@link #declaredOtherThanAccess}). Then a
     * token typed {@code at+jwt} (RFC 9068) is an access token; any other is an ID token when it carries a claim only
     * ID tokens carry ({@code nonce}, {@code at_hash}, {@code c_hash}, {@code s_hash}), or when it is addressed to
     * this client id yet grants nothing an access token grants (no {@code scope}, {@code scp} or
     * {@code client_id} claim) - the shape of an ID token issued to Tessera itself.
     */
    static Optional<String> notAnAccessToken(JOSEObjectType headerType, JWTClaimsSet claims, String clientId) {
        if (!accessTokenHeaderType(headerType)) {
            return Optional.of("not an access token (its header typ is " + shown(headerType) + ")");
        }
        Optional<String> declared = declaredOtherThanAccess(claims.getClaims());
        if (declared.isPresent() || AT_JWT.equals(headerType) || APPLICATION_AT_JWT.equals(headerType)) {
            return declared.map(why -> "not an access token (" + why + ")");
        }
        return idTokenMarker(claims, clientId).map(marker -> "an ID token is not an access token (" + marker + ")");
    }

    private static Optional<String> idTokenMarker(JWTClaimsSet claims, String clientId) {
        for (String claim : ID_TOKEN_ONLY_CLAIMS) {
            if (claims.getClaim(claim) != null) {
                return Optional.of("it carries " + claim);
            }
        }
        List<String> audiences = claims.getAudience();
        boolean forThisClient = audiences != null && audiences.contains(clientId);
        boolean grantsSomething = claims.getClaim("scope") != null || claims.getClaim("scp") != null
                || claims.getClaim("client_id") != null;
        if (forThisClient && !grantsSomething) {
            return Optional.of("addressed to the client id without scope or client_id");
        }
        return Optional.empty();
    }

    /**
     * A value from a token, fit to quote back in a 401 and its {@code WWW-Authenticate} header: these values may
     * come from a token nobody has verified, so anything but a short plain word is not repeated.
     */
    static String shown(Object value) {
        String text = String.valueOf(value);
        return text.matches("[A-Za-z0-9_.+/:-]{1,40}") ? text : "something else";
    }
}
