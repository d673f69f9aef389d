package dev.tessera.auth.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's signing keys (its JWKS) and the algorithms a token may use.
 *
 * <p>Keys are cached for {@link #CACHE_TTL}; a token naming an unknown {@code kid} makes Nimbus refetch at once,
 * rate-limited to one refetch per {@code jwksRefreshMinInterval} (so a stream of forged kids cannot hammer the
 * provider); and when the provider is down the last keys stay in use for {@link #OUTAGE_TOLERANCE}, so tokens
 * already signed keep working.
 *
 * <p>Algorithms are pinned to what discovery announces in {@code id_token_signing_alg_values_supported}
 * (RS256 when it announces nothing usable), keeping only asymmetric ones: never {@code none}, never HMAC, since
 * an HMAC "key" here could only be the public key everybody can fetch.
 */
final class SigningKeys {

    static final Duration CACHE_TTL = Duration.ofMinutes(15);
    static final Duration OUTAGE_TOLERANCE = Duration.ofHours(24);
    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

    private record Built(URI jwksUri, List<JWSAlgorithm> announced, JWSVerificationKeySelector<SecurityContext> selector) {}

    private final HttpSettings http;
    private final Duration refreshMinInterval;
    private volatile Built built;

    SigningKeys(HttpSettings http, Duration refreshMinInterval) {
        this.http = http;
        this.refreshMinInterval = refreshMinInterval;
    }

    /** The key selector for this metadata; rebuilt only when the provider moves its JWKS or changes algorithms. */
    JWSVerificationKeySelector<SecurityContext> selector(OIDCProviderMetadata metadata) {
        Built current = built;
        List<JWSAlgorithm> announced = metadata.getIDTokenJWSAlgs() == null ? List.of() : metadata.getIDTokenJWSAlgs();
        if (current != null && current.jwksUri().equals(metadata.getJWKSetURI()) && current.announced().equals(announced)) {
            return current.selector();
        }
        synchronized (this) {
            current = built;
            if (current == null || !current.jwksUri().equals(metadata.getJWKSetURI()) || !current.announced().equals(announced)) {
                current = new Built(metadata.getJWKSetURI(), announced,
                        new JWSVerificationKeySelector<>(allowedAlgorithms(announced), source(metadata.getJWKSetURI())));
                built = current;
            }
            return current.selector();
        }
    }

    static Set<JWSAlgorithm> allowedAlgorithms(List<JWSAlgorithm> announced) {
        Set<JWSAlgorithm> allowed = new LinkedHashSet<>();
        for (JWSAlgorithm algorithm : announced) {
            if (JWSAlgorithm.Family.RSA.contains(algorithm) || JWSAlgorithm.Family.EC.contains(algorithm)
                    || JWSAlgorithm.Family.ED.contains(algorithm)) {
                allowed.add(algorithm);
            } else {
                LOG.debug("ignoring announced signing algorithm {}: only asymmetric algorithms are accepted", algorithm);
            }
        }
        if (allowed.isEmpty()) {
            allowed.add(JWSAlgorithm.RS256);
        }
        return allowed;
    }

    private JWKSource<SecurityContext> source(URI jwksUri) {
        try {
            return JWKSourceBuilder.<SecurityContext>create(jwksUri.toURL(), http.retriever())
                    .cache(CACHE_TTL.toMillis(), Math.max(http.connectTimeoutMillis() + http.readTimeoutMillis(), 1000))
                    .rateLimited(refreshMinInterval.toMillis())
                    .outageTolerant(OUTAGE_TOLERANCE.toMillis())
                    .retrying(false)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalStateException("the provider announced an unusable jwks_uri " + jwksUri, e);
        }
    }
}
