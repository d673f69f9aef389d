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
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
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
import java.util.Optional;
import java.util.Set;

/**
 * Checks bearer access tokens that are JWTs: signature by the provider's JWKS with a pinned algorithm, exact
 * {@code iss}, required {@code aud} (the configured {@code audience}, else the client id), {@code exp},
 * {@code nbf}, {@code iat}, {@code sub}, with bounded clock skew; then refuses ID, refresh and other tokens that are
 * not access tokens ({@link TokenKind}). A JWT from another issuer is {@link AuthOutcome.NotMine}, so several OIDC
 * backends can be chained; an encrypted one (JWE), which Tessera cannot read, is refused.
 */
final class JwtAccessTokens {

    /** How long a verified token is reused without checking its signature again. */
    private static final Duration MAX_REUSE = Duration.ofMinutes(1);

    private final String backend;
    private final Discovery discovery;
    private final SigningKeys keys;
    private final ClaimsMapper mapper;
    private final String clientId;
    private final String audience;
    private final int clockSkewSeconds;
    private final Clock clock;
    /**
     * Tokens already verified, by their SHA-256, each kept until its {@code exp} and at most {@link #MAX_REUSE}: a
     * client reusing its token pays the RSA check once a minute instead of on every request.
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
                return keepFor(clock.instant(), value.expires()).toNanos();
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

    /**
     * How long to keep a token verified now that expires then: until it expires, at most {@link #MAX_REUSE}. Compared
     * as durations, since a token may say it expires in the year 9999, which is more nanoseconds than a long holds.
     */
    static Duration keepFor(Instant now, Instant expires) {
        Duration untilExp = Duration.between(now, expires);
        if (untilExp.isNegative()) {
            return Duration.ZERO;
        }
        return untilExp.compareTo(MAX_REUSE) > 0 ? MAX_REUSE : untilExp;
    }

    AuthOutcome check(String token) throws ProviderUnavailableException {
        String key = CredentialHash.of(new Credentials.Bearer(token)).orElseThrow();
        Verified cached = verified.getIfPresent(key);
        if (cached != null && clock.instant().isBefore(cached.expires())) {
            return cached.outcome();
        }
        return verify(token, key);
    }

    private AuthOutcome verify(String token, String key) throws ProviderUnavailableException {
        Optional<JWT> parsed = parse(token);
        if (parsed.isEmpty()) {
            return AuthOutcome.notMine();
        }
        if (parsed.get() instanceof EncryptedJWT) {
            return rejected("encrypted tokens (JWE) are not accepted; send a signed JWT access token");
        }
        if (!discovery.issuer().getValue().equals(issuer(parsed.get()))) {
            return AuthOutcome.notMine();
        }
        if (!(parsed.get() instanceof SignedJWT signed)) {
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
        return accept(signed, claims, key);
    }

    /** The token as a JWT, or empty when it is not one (an opaque token, or one this backend cannot read). */
    private static Optional<JWT> parse(String token) {
        try {
            return Optional.of(JWTParser.parse(token));
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    /** The {@code iss} of a signed or unsigned JWT, or null when it has none or its claims are not JSON. */
    private static String issuer(JWT jwt) {
        try {
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            return claims == null ? null : claims.getIssuer();
        } catch (ParseException e) {
            return null;
        }
    }

    /** Maps a verified token to an identity, unless it is not an access token, and remembers the acceptance. */
    private AuthOutcome accept(SignedJWT signed, JWTClaimsSet claims, String key) {
        Optional<String> notAccess = TokenKind.notAnAccessToken(signed.getHeader().getType(), claims, clientId);
        if (notAccess.isPresent()) {
            return rejected(notAccess.get());
        }
        Optional<Identity> identity = mapper.identity(claims.getClaims());
        if (identity.isEmpty()) {
            return rejected("the token has no '" + mapper.nameClaim() + "' claim (nameClaim)");
        }
        AuthOutcome.Accepted accepted = new AuthOutcome.Accepted(identity.get());
        // exp is a required claim, so a verified token has one.
        verified.put(key, new Verified(accepted, claims.getExpirationTime().toInstant()));
        return accepted;
    }

    private DefaultJWTProcessor<SecurityContext> processor(OIDCProviderMetadata metadata) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
                JOSEObjectType.JWT, TokenKind.AT_JWT, TokenKind.APPLICATION_AT_JWT, null));
        processor.setJWSKeySelector(keys.selector(metadata));
        processor.setJWTClaimsSetVerifier(claimsVerifier());
        return processor;
    }

    /**
     * Nimbus's checks of {@code iss}, {@code aud}, {@code exp}, {@code nbf} and the required claims, on this
     * backend's clock, plus one Nimbus leaves out: a token issued in the future ({@code iat} beyond the skew) was
     * made by a provider whose clock is wrong, or made to outlive what its {@code exp} suggests.
     */
    private DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier() {
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

            @Override
            public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
                super.verify(claims, context);
                Date issuedAt = claims.getIssueTime();
                if (issuedAt != null && issuedAt.toInstant().isAfter(clock.instant().plusSeconds(clockSkewSeconds))) {
                    throw new BadJWTException("JWT issue time (iat) is in the future");
                }
            }
        };
        verifier.setMaxClockSkew(clockSkewSeconds);
        return verifier;
    }

    private static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 160 ? message.substring(0, 160) : message;
    }

    private static AuthOutcome rejected(String reason) {
        return new AuthOutcome.Rejected(reason, Optional.of(Challenges.invalidBearerToken(reason)));
    }
}
