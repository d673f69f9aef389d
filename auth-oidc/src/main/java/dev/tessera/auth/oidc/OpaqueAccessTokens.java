package dev.tessera.auth.oidc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Identity;
import dev.tessera.auth.spi.ProviderUnavailableException;
import dev.tessera.auth.spi.http.Challenges;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks access tokens Tessera cannot read by asking the provider: RFC 7662 introspection when configured and
 * announced ({@code introspection_endpoint}), the user info endpoint otherwise (Atoti's behaviour). Successes are
 * cached for {@code cache.ttl}, keyed by the token's SHA-256, so a burst does not hammer a rate-limited
 * provider; refusals are never cached.
 *
 * <p>Introspection answers must name this server as audience ({@code aud} or {@code azp}) and must not declare a
 * refresh, ID or other non-access token ({@link IntrospectionAnswers}). User info vouches for the user, not for the
 * audience: any access token the provider honours there is accepted. In both modes a token that is readable as a
 * JWT is refused beforehand, without asking the provider, when its header or claims say it is not an access token.
 */
final class OpaqueAccessTokens {

    private static final Logger LOG = LoggerFactory.getLogger(OpaqueAccessTokens.class);

    private final Discovery discovery;
    private final ProviderCalls calls;
    private final ClaimsMapper mapper;
    private final boolean preferIntrospection;
    private final String clientId;
    private final String audience;
    private final Cache<String, Identity> cache;
    private volatile boolean warnedNoIntrospection;

    OpaqueAccessTokens(Discovery discovery, ProviderCalls calls, ClaimsMapper mapper, boolean preferIntrospection,
                       String clientId, String audience, Duration ttl, long maxSize) {
        this.discovery = discovery;
        this.calls = calls;
        this.mapper = mapper;
        this.preferIntrospection = preferIntrospection;
        this.clientId = clientId;
        this.audience = audience;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxSize).build();
    }

    AuthOutcome check(String token) throws ProviderUnavailableException {
        Optional<ReadableJwt> readable = ReadableJwt.of(token);
        if (readable.isPresent() && issuedElsewhere(readable.get().claims())) {
            return AuthOutcome.notMine();
        }
        String key = sha256(token);
        Identity cached = cache.getIfPresent(key);
        if (cached != null) {
            return AuthOutcome.accepted(cached);
        }
        Optional<String> notAccess = readable.flatMap(
                jwt -> TokenKind.notAnAccessToken(jwt.type(), jwt.claims(), clientId));
        if (notAccess.isPresent()) {
            return rejected(notAccess.get());
        }
        return askProvider(token, key);
    }

    private AuthOutcome askProvider(String token, String key) throws ProviderUnavailableException {
        OIDCProviderMetadata metadata = discovery.get();
        Optional<Map<String, Object>> claims;
        URI introspection = metadata.getIntrospectionEndpointURI();
        if (preferIntrospection && introspection != null) {
            claims = calls.introspect(introspection, token);
            Optional<String> refusal = claims.flatMap(answer -> IntrospectionAnswers.whyRefused(answer, audience));
            if (refusal.isPresent()) {
                return rejected(refusal.get());
            }
        } else {
            claims = calls.userInfo(userInfoEndpoint(metadata), token);
        }
        if (claims.isEmpty()) {
            return rejected("the identity provider does not accept this token");
        }
        Optional<Identity> identity = mapper.identity(claims.get());
        if (identity.isEmpty()) {
            return rejected("the provider's answer has no '" + mapper.nameClaim() + "' claim (nameClaim)");
        }
        cache.put(key, identity.get());
        return AuthOutcome.accepted(identity.get());
    }

    private URI userInfoEndpoint(OIDCProviderMetadata metadata) throws ProviderUnavailableException {
        if (preferIntrospection && !warnedNoIntrospection) {
            warnedNoIntrospection = true;
            LOG.warn("OIDC provider {} announces no introspection_endpoint; using user info", discovery.issuer());
        }
        URI userInfo = metadata.getUserInfoEndpointURI();
        if (userInfo == null) {
            throw new ProviderUnavailableException(mapper.backend(),
                    "the identity provider announces no userinfo_endpoint, so opaque tokens cannot be checked", null);
        }
        return userInfo;
    }

    void invalidate(String username) {
        cache.asMap().values().removeIf(identity -> identity.username().equals(username));
    }

    void clear() {
        cache.invalidateAll();
    }

    /**
     * The header type and claims of a token that is a signed or unsigned JWT, read without checking anything: good
     * only for refusing a token or passing it on, never for accepting one. Empty for truly opaque and encrypted tokens.
     */
    private record ReadableJwt(JOSEObjectType type, JWTClaimsSet claims) {
        static Optional<ReadableJwt> of(String token) {
            try {
                JWT jwt = JWTParser.parse(token);
                JWTClaimsSet claims = jwt.getJWTClaimsSet();
                return claims == null
                        ? Optional.empty()
                        : Optional.of(new ReadableJwt(jwt.getHeader().getType(), claims));
            } catch (ParseException e) {
                return Optional.empty();
            }
        }
    }

    /** A token that is a JWT naming another issuer belongs to another backend. */
    private boolean issuedElsewhere(JWTClaimsSet claims) {
        String issuer = claims.getIssuer();
        return issuer != null && !issuer.equals(discovery.issuer().getValue());
    }

    private static AuthOutcome rejected(String reason) {
        return new AuthOutcome.Rejected(reason, Optional.of(Challenges.invalidBearerToken(reason)));
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
