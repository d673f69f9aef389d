package dev.tessera.auth.oidc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks access tokens Tessera cannot read by asking the provider: RFC 7662 introspection when configured and
 * announced ({@code introspection_endpoint}), the user info endpoint otherwise (Atoti's behaviour). Successes are
 * cached for {@code opaqueCacheTtl}, keyed by the token's SHA-256, so a burst does not hammer a rate-limited
 * provider; refusals are never cached. Note that user info vouches for the user, not for the audience: any access
 * token the provider would honour there is accepted. Introspection also checks {@code aud} when it is returned.
 */
final class OpaqueAccessTokens {

    private static final Logger LOG = LoggerFactory.getLogger(OpaqueAccessTokens.class);

    private final Discovery discovery;
    private final ProviderCalls calls;
    private final ClaimsMapper mapper;
    private final boolean preferIntrospection;
    private final String audience;
    private final Cache<String, Identity> cache;
    private volatile boolean warnedNoIntrospection;

    OpaqueAccessTokens(Discovery discovery, ProviderCalls calls, ClaimsMapper mapper, boolean preferIntrospection,
                       String audience, Duration ttl) {
        this.discovery = discovery;
        this.calls = calls;
        this.mapper = mapper;
        this.preferIntrospection = preferIntrospection;
        this.audience = audience;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
    }

    AuthOutcome check(String token) throws ProviderUnavailableException {
        if (issuedElsewhere(token)) {
            return AuthOutcome.notMine();
        }
        String key = sha256(token);
        Identity cached = cache.getIfPresent(key);
        if (cached != null) {
            return AuthOutcome.accepted(cached);
        }
        OIDCProviderMetadata metadata = discovery.get();
        Optional<Map<String, Object>> claims;
        URI introspection = metadata.getIntrospectionEndpointURI();
        if (preferIntrospection && introspection != null) {
            claims = calls.introspect(introspection, token);
            if (claims.isPresent() && !audienceAccepted(claims.get())) {
                return rejected("the token is not meant for this server (aud)");
            }
        } else {
            if (preferIntrospection && !warnedNoIntrospection) {
                warnedNoIntrospection = true;
                LOG.warn("OIDC provider {} announces no introspection_endpoint; using user info", discovery.issuer());
            }
            URI userInfo = metadata.getUserInfoEndpointURI();
            if (userInfo == null) {
                throw new ProviderUnavailableException(mapper.backend(),
                        "the identity provider announces no userinfo_endpoint, so opaque tokens cannot be checked", null);
            }
            claims = calls.userInfo(userInfo, token);
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

    void invalidate(String username) {
        cache.asMap().values().removeIf(identity -> identity.username().equals(username));
    }

    void clear() {
        cache.invalidateAll();
    }

    /** A token that is a JWT naming another issuer belongs to another backend. */
    private boolean issuedElsewhere(String token) {
        try {
            String issuer = JWTParser.parse(token).getJWTClaimsSet().getIssuer();
            return issuer != null && !issuer.equals(discovery.issuer().getValue());
        } catch (ParseException e) {
            return false;
        }
    }

    private boolean audienceAccepted(Map<String, Object> claims) {
        Object aud = claims.get("aud");
        if (aud == null) {
            return true;
        }
        return aud instanceof Collection<?> values ? values.contains(audience) : audience.equals(aud);
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
