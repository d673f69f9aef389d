package dev.tessera.auth.oidc;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.tessera.auth.spi.ProviderUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's {@code /.well-known/openid-configuration}, fetched lazily and kept: Tessera starts while the
 * provider is down, and requests needing it then get {@link ProviderUnavailableException} (503). The document is
 * refreshed every {@link #REFRESH}; while a refresh fails the last good copy is used. After a failure, further
 * attempts wait {@link #FAILURE_BACKOFF}, so a dead provider costs one timeout, not one per request.
 */
final class Discovery {

    static final Duration REFRESH = Duration.ofHours(1);
    static final Duration FAILURE_BACKOFF = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);

    private record Snapshot(OIDCProviderMetadata metadata, Instant fetchedAt, Instant failedAt) {}

    private final String backend;
    private final Issuer issuer;
    private final URI wellKnown;
    private final HttpSettings http;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Snapshot snapshot = new Snapshot(null, Instant.MIN, null);

    Discovery(String backend, URI issuerUrl, HttpSettings http, Clock clock) {
        this.backend = backend;
        this.issuer = new Issuer(issuerUrl);
        String base = issuerUrl.toString();
        this.wellKnown = URI.create((base.endsWith("/") ? base : base + "/") + ".well-known/openid-configuration");
        this.http = http;
        this.clock = clock;
    }

    Issuer issuer() {
        return issuer;
    }

    /** The last document fetched, without touching the network. */
    Optional<OIDCProviderMetadata> cached() {
        return Optional.ofNullable(snapshot.metadata());
    }

    OIDCProviderMetadata get() throws ProviderUnavailableException {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (current.metadata() != null && now.isBefore(current.fetchedAt().plus(REFRESH))) {
            return current.metadata();
        }
        // With a stale copy in hand, one thread refreshes and the others carry on with the copy.
        if (current.metadata() != null && !lock.tryLock()) {
            return current.metadata();
        }
        if (current.metadata() == null) {
            lock.lock();
        }
        try {
            current = snapshot;
            if (current.metadata() != null && now.isBefore(current.fetchedAt().plus(REFRESH))) {
                return current.metadata();
            }
            if (current.failedAt() != null && now.isBefore(current.failedAt().plus(FAILURE_BACKOFF))) {
                return staleOrThrow(current, null);
            }
            try {
                return refetch(current, now);
            } catch (IOException | DiscoveryException e) {
                return staleOrThrow(current, e);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The document fetched now, for a login about to send the browser to the provider: a provider that cannot be
     * reached gets a clear error page from Tessera rather than a browser error at its door. The cached copy is
     * not used here (it is what lets bearer tokens work through an outage, not logins); after a failure, further
     * calls within {@link #FAILURE_BACKOFF} fail at once, so a dead provider costs one timeout, not one per login.
     */
    OIDCProviderMetadata live() throws ProviderUnavailableException {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (current.failedAt() != null && now.isBefore(current.failedAt().plus(FAILURE_BACKOFF))) {
            throw new ProviderUnavailableException(backend,
                    "the identity provider " + issuer + " cannot be reached (discovery failed moments ago)", null);
        }
        try {
            return refetch(current, now);
        } catch (IOException | DiscoveryException e) {
            throw new ProviderUnavailableException(backend,
                    "the identity provider " + issuer + " cannot be reached (discovery failed)", e);
        }
    }

    /** Fetches the document and remembers the outcome: the new document, or when the attempt failed. */
    private OIDCProviderMetadata refetch(Snapshot current, Instant now) throws IOException, DiscoveryException {
        try {
            OIDCProviderMetadata fresh = fetch();
            snapshot = new Snapshot(fresh, now, null);
            return fresh;
        } catch (IOException | DiscoveryException e) {
            LOG.warn("OIDC backend {}: discovery at {} failed: {}", backend, wellKnown, e.getMessage());
            snapshot = new Snapshot(current.metadata(), current.fetchedAt(), now);
            throw e;
        }
    }

    private OIDCProviderMetadata staleOrThrow(Snapshot current, Exception cause) throws ProviderUnavailableException {
        if (current.metadata() != null) {
            return current.metadata();
        }
        throw new ProviderUnavailableException(backend,
                "the identity provider " + issuer + " cannot be reached (discovery failed)", cause);
    }

    /**
     * Fetches and checks the document once. Answers that can only mean a wrong {@code issuerUrl} (4xx, an issuer
     * that differs, a document that is not OIDC metadata) are {@link DiscoveryException}s; network trouble and 5xx
     * are {@link IOException}s.
     */
    OIDCProviderMetadata fetch() throws IOException, DiscoveryException {
        URL url = wellKnown.toURL();
        HTTPResponse response = http.send(new HTTPRequest(HTTPRequest.Method.GET, url));
        int status = response.getStatusCode();
        if (status >= 500 || status == 429) {
            throw new IOException("HTTP " + status + " from " + wellKnown);
        }
        if (status != 200) {
            throw new DiscoveryException("HTTP " + status + " from " + wellKnown + ": check issuerUrl");
        }
        OIDCProviderMetadata metadata;
        try {
            metadata = OIDCProviderMetadata.parse(response.getBodyAsJSONObject());
        } catch (ParseException e) {
            throw new DiscoveryException(wellKnown + " is not OpenID provider metadata: " + e.getMessage());
        }
        if (!issuer.equals(metadata.getIssuer())) {
            throw new DiscoveryException("the provider calls itself " + metadata.getIssuer() + ", not " + issuer
                    + ": set issuerUrl to exactly that value (trailing slash included)");
        }
        if (metadata.getJWKSetURI() == null) {
            throw new DiscoveryException(wellKnown + " announces no jwks_uri");
        }
        return metadata;
    }

    /** Seeds the cache from a fetch made at start-up. */
    void seed(OIDCProviderMetadata metadata) {
        snapshot = new Snapshot(metadata, clock.instant(), null);
    }

    /** The provider answered, but what it said shows a misconfiguration. */
    static final class DiscoveryException extends Exception {
        private static final long serialVersionUID = 1L;

        DiscoveryException(String message) {
            super(message);
        }
    }
}
