package dev.tessera.auth.oidc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.CredentialHash;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.Identity;
import dev.tessera.auth.spi.ProviderUnavailableException;
import dev.tessera.auth.spi.http.Challenges;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks bearer access tokens that are JWTs: signature by the provider's JWKS with a pinned algorithm, exact
 * {@code iss}, required {@code aud} (the configured {@code audience}, else the client id), {@code exp},
 * {@code nbf}, {@code sub}, with bounded clock skew; then refuses ID tokens (see {@link #idTokenMarker}).
 * A JWT from another issuer is {@link AuthOutcome.NotMine}, so several OIDC backends can be chained.
 */
final class JwtAccessTokens {

    /** JOSE {@code typ} values an access token may carry: none, plain JWT, or RFC 9068's explicit type. */
    static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");
    private static final JOSEObjectType APPLICATION_AT_JWT = new JOSEObjectType("application/at+jwt");
    /** Claims that only ID tokens carry (OIDC Core 2 and 3.3.2.11); RFC 9068 access tokens never do. */
    private static final List<String> ID_TOKEN_ONLY_CLAIMS = List.of("nonce", "at_hash", "c_hash", "s_hash");

    private final String backend;
    private final Discovery discovery;
    private final SigningKeys keys;
    private final ClaimsMapper mapper;
    private final String clientId;
    private final String audience;
    private final int clockSkewSeconds;
    private final Clock clock;
    /**
     * Tokens already verified, by their SHA-256, each kept until its {@code exp} and at most a minute: a client
     * reusing its token pays the RSA check once a minute instead of on every request.
     */
    private final Cache<String, Verified> verified;

    private record Verified(AuthOutcome.Accepted outcome, Instant expires) {}

    JwtAccessTokens(String backend, Discovery discovery, SigningKeys keys, ClaimsMapper mapper, String clientId, String audience,
                    int clockSkewSeconds, Clock clock) {
        this.backend = backend;
        this.discovery = discovery;
        this.keys = keys;
        this.mapper = mapper;
        this.clientId = clientId;
        this.audience = audience;
        this.clockSkewSeconds = clockSkewSeconds;
        this.clock = clock;
        this.verified = Caffeine.newBuilder().maximumSize(10_000).expireAfter(new Expiry<String, Verified>() {
            @Override
            public long expireAfterCreate(String key, Verified value, long currentTime) {
                Duration untilExp = Duration.between(clock.instant(), value.expires());
                return Math.max(0, Math.min(untilExp.toNanos(), MAX_REUSE.toNanos()));
            }

            @Override
            public long expireAfterUpdate(String key, Verified value, long currentTime, long currentDuration) {
                return currentDuration;
            }

            @Override
            public long expireAfterRead(String key, Verified value, long currentTime, long currentDuration) {
                return currentDuration;
            }
        }).build();
    }

    private static final Duration MAX_REUSE = Duration.ofMinutes(1);

    AuthOutcome check(String token) throws ProviderUnavailableException {
        String key = CredentialHash.of(new Credentials.Bearer(token)).orElseThrow();
        Verified cached = verified.getIfPresent(key);
        if (cached != null && clock.instant().isBefore(cached.expires())) {
            return cached.outcome();
        }
        AuthOutcome outcome = verify(token);
        Instant expires = expiry(token);
        if (outcome instanceof AuthOutcome.Accepted accepted && expires != null) {
            verified.put(key, new Verified(accepted, expires));
        }
        return outcome;
    }

    private static Instant expiry(String token) {
        try {
            Date exp = JWTParser.parse(token).getJWTClaimsSet().getExpirationTime();
            return exp == null ? null : exp.toInstant();
        } catch (ParseException e) {
            return null;
        }
    }

    private AuthOutcome verify(String token) throws ProviderUnavailableException {
        JWT jwt;
        String issuer;
        try {
            jwt = JWTParser.parse(token);
            if (jwt instanceof EncryptedJWT) {
                return AuthOutcome.notMine();
            }
            issuer = jwt.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            return AuthOutcome.notMine();
        }
        if (!discovery.issuer().getValue().equals(issuer)) {
            return AuthOutcome.notMine();
        }
        if (jwt instanceof PlainJWT || !(jwt instanceof SignedJWT signed)) {
            return rejected("unsigned tokens (alg none) are refused");
        }
        JWTClaimsSet claims;
        try {
            claims = processor(discovery.get()).process(signed, null);
        } catch (RateLimitReachedException e) {
            return rejected("signed with a key the provider does not list");
        } catch (KeySourceException e) {
            throw new ProviderUnavailableException(backend, "the identity provider's signing keys cannot be fetched", e);
        } catch (BadJOSEException | JOSEException e) {
            return rejected(reason(e));
        }
        Optional<String> marker = idTokenMarker(signed, claims, clientId);
        if (marker.isPresent()) {
            return rejected("an ID token is not an access token (" + marker.get() + ")");
        }
        Optional<Identity> identity = mapper.identity(claims.getClaims());
        if (identity.isEmpty()) {
            return rejected("the token has no '" + mapper.nameClaim() + "' claim (nameClaim)");
        }
        return AuthOutcome.accepted(identity.get());
    }

    private DefaultJWTProcessor<SecurityContext> processor(OIDCProviderMetadata metadata) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
                JOSEObjectType.JWT, AT_JWT, APPLICATION_AT_JWT, null));
        processor.setJWSKeySelector(keys.selector(metadata));
        DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(
                // Mutable sets: Nimbus probes them with contains(null), which Set.of refuses.
                new HashSet<>(Set.of(audience)),
                new JWTClaimsSet.Builder().issuer(discovery.issuer().getValue()).build(),
                new HashSet<>(Set.of("iss", "aud", "exp", "sub")),
                null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        verifier.setMaxClockSkew(clockSkewSeconds);
        processor.setJWTClaimsSetVerifier(verifier);
        return processor;
    }

    /**
     * Why this token looks like an ID token, if it does. The rule: a token typed {@code at+jwt} (RFC 9068) is an
     * access token. Otherwise it is an ID token when it carries a claim only ID tokens carry ({@code nonce},
     * {@code at_hash}, {@code c_hash}, {@code s_hash}), when Keycloak marks it {@code "typ": "ID"}, or when it is
     * addressed to this client id yet grants nothing an access token grants (no {@code scope}, {@code scp} or
     * {@code client_id} claim) - the shape of an ID token issued to Tessera itself.
     */
    static Optional<String> idTokenMarker(SignedJWT jwt, JWTClaimsSet claims, String clientId) {
        JOSEObjectType type = jwt.getHeader().getType();
        if (AT_JWT.equals(type) || APPLICATION_AT_JWT.equals(type)) {
            return Optional.empty();
        }
        for (String claim : ID_TOKEN_ONLY_CLAIMS) {
            if (claims.getClaim(claim) != null) {
                return Optional.of("it carries " + claim);
            }
        }
        if ("ID".equals(claims.getClaim("typ"))) {
            return Optional.of("typ is ID");
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

    private static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 160 ? message.substring(0, 160) : message;
    }

    private static AuthOutcome rejected(String reason) {
        return new AuthOutcome.Rejected(reason, Optional.of(Challenges.invalidBearerToken(reason)));
    }
}
