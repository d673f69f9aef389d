package dev.tessera.auth.oidc.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tessera.auth.oidc.OidcAuthenticatorFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * A real OpenID Connect provider in-process (NAV's {@code mock-oauth2-server}) for tests of this module and of the
 * server. One fixture serves any number of issuers, each at {@code http://localhost:PORT/ISSUER_ID} with its own
 * discovery document, JWKS, authorization, token, user info, introspection and end-session endpoints.
 *
 * <ul>
 *   <li>Access tokens: {@link #token(String)} builds and signs any claims with the issuer's current key
 *       (audience, roles, namespaced claims, expired, {@code nbf} in the future, another {@code typ}).</li>
 *   <li>Opaque tokens: the mock's user info endpoint answers with the claims of any token it signed, so an
 *       authenticator configured {@code accessTokenFormat: opaque} can be handed a {@link #token} and will
 *       resolve it through user info, exactly as with a truly opaque token.</li>
 *   <li>Browser login without a login page: {@link #enqueueLogin} says who logs in next (subject and claims of
 *       the ID token), and the authorization endpoint redirects straight back with a code. Drive it with
 *       {@link #authorize}, or follow the redirects from any HTTP client.</li>
 *   <li>Key rotation: {@link #rotateKeys} switches the issuer to a new key with a new {@code kid}.</li>
 * </ul>
 * Any client id and secret are accepted; {@link #CLIENT_ID} and {@link #CLIENT_SECRET} are the conventional ones.
 */
public final class OidcProviderFixture implements AutoCloseable {

    public static final String CLIENT_ID = "tessera";
    public static final String CLIENT_SECRET = "tessera-secret";

    private final RotatingKeys keys = new RotatingKeys();
    private final MockOAuth2Server server;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private OidcProviderFixture() {
        this.server = new MockOAuth2Server(new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(keys)));
        // Port 0: the operating system picks a free one at bind time.
        server.start(InetAddress.getLoopbackAddress(), 0);
        this.port = server.baseUrl().port();
    }

    /** Starts the provider on a free port. */
    public static OidcProviderFixture start() {
        return new OidcProviderFixture();
    }

    /** The issuer URL to put in {@code issuerUrl}, e.g. {@code http://localhost:41234/auth0}. */
    public URI issuerUrl(String issuerId) {
        return URI.create(server.issuerUrl(issuerId).toString());
    }

    public int port() {
        return port;
    }

    /** A factory for this issuer with {@code providerId = issuerId} and the conventional client; adjust as needed. */
    public OidcAuthenticatorFactory factory(String issuerId) {
        OidcAuthenticatorFactory factory = new OidcAuthenticatorFactory();
        factory.setProviderId(issuerId);
        factory.setIssuerUrl(issuerUrl(issuerId));
        factory.setClientId(CLIENT_ID);
        factory.setClientSecret(CLIENT_SECRET);
        return factory;
    }

    /** An access token for {@code issuerId}: subject alice, audience {@link #CLIENT_ID}, a scope, valid one hour. */
    public Token token(String issuerId) {
        return new Token(issuerId);
    }

    /** The issuer's current signing key (public and private); its public half is what the JWKS serves. */
    public RSAKey signingKey(String issuerId) {
        return keys.signingKey(issuerId).toRSAKey();
    }

    /** Replaces the issuer's signing key by a new one with a new {@code kid}; the JWKS then lists only the new key. */
    public RSAKey rotateKeys(String issuerId) {
        return keys.rotate(issuerId);
    }

    /**
     * Who logs in at the next authorization-code exchange for {@code issuerId}: the ID token gets this subject and
     * these extra claims (roles, email, namespaced claims), the access token the same plus {@code aud}.
     */
    public void enqueueLogin(String issuerId, String subject, Map<String, Object> claims) {
        enqueueLogin(issuerId, subject, claims, 3600);
    }

    /** The same, with tokens that live {@code expirySeconds}, for tests of server-side session refresh. */
    public void enqueueLogin(String issuerId, String subject, Map<String, Object> claims, long expirySeconds) {
        server.enqueueCallback(new DefaultOAuth2TokenCallback(issuerId, subject, JOSEObjectType.JWT.getType(),
                List.of(CLIENT_ID), claims, expirySeconds));
    }

    /**
     * Plays the browser at the provider: GETs the authorization URL (no login page is shown) and returns the
     * parameters of the redirect back to the callback ({@code code}, {@code state}, or {@code error}).
     */
    public Map<String, String> authorize(URI authorizationUrl) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(authorizationUrl).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String location = response.headers().firstValue("Location").orElseThrow(() ->
                    new IllegalStateException("no redirect from the provider: HTTP " + response.statusCode()
                            + " " + response.body()));
            return queryParameters(URI.create(location));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The decoded query parameters of a URI (first value of each). */
    public static Map<String, String> queryParameters(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String query = uri.getRawQuery();
        if (query == null) {
            return parameters;
        }
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    /** The underlying mock, for what this fixture does not wrap. */
    public MockOAuth2Server server() {
        return server;
    }

    @Override
    public void close() {
        server.shutdown();
    }

    /** Builds and signs an access token; every claim can be changed. */
    public final class Token {
        private final String issuerId;
        private final JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
        private JOSEObjectType type = JOSEObjectType.JWT;
        private RSAKey key;

        private Token(String issuerId) {
            this.issuerId = issuerId;
            Instant now = Instant.now();
            claims.issuer(issuerUrl(issuerId).toString()).subject("alice").audience(CLIENT_ID)
                    .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                    .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                    .jwtID(UUID.randomUUID().toString()).claim("scope", "openid profile email");
        }

        public Token subject(String subject) {
            claims.subject(subject);
            return this;
        }

        public Token issuer(String issuer) {
            claims.issuer(issuer);
            return this;
        }

        public Token audience(String... audience) {
            claims.audience(audience.length == 0 ? null : List.of(audience));
            return this;
        }

        public Token claim(String name, Object value) {
            claims.claim(name, value);
            return this;
        }

        public Token expiredSince(Duration ago) {
            Instant now = Instant.now();
            claims.issueTime(Date.from(now.minus(ago).minus(Duration.ofHours(1))))
                    .notBeforeTime(Date.from(now.minus(ago).minus(Duration.ofHours(1))))
                    .expirationTime(Date.from(now.minus(ago)));
            return this;
        }

        public Token notBefore(Instant notBefore) {
            claims.notBeforeTime(Date.from(notBefore));
            return this;
        }

        /** The {@code iat}, e.g. in the future. */
        public Token issuedAt(Instant issuedAt) {
            claims.issueTime(Date.from(issuedAt));
            return this;
        }

        /** The {@code exp}, e.g. far in the future. */
        public Token expiresAt(Instant expiresAt) {
            claims.expirationTime(Date.from(expiresAt));
            return this;
        }

        /** The JOSE header {@code typ}, e.g. {@code at+jwt}; {@code null} leaves it out. */
        public Token type(String type) {
            this.type = type == null ? null : new JOSEObjectType(type);
            return this;
        }

        /** Signs with another key than the issuer's (an attacker's). */
        public Token signedWith(RSAKey key) {
            this.key = key;
            return this;
        }

        public JWTClaimsSet claims() {
            return claims.build();
        }

        public String sign() {
            RSAKey signing = key != null ? key : signingKey(issuerId);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signing.getKeyID())
                    .type(type).build(), claims.build());
            try {
                jwt.sign(new RSASSASigner(signing));
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
            return jwt.serialize();
        }
    }

    /** One current key per issuer, replaceable: the mock signs with it and its JWKS publishes it. */
    private static final class RotatingKeys extends KeyProvider {
        private final Map<String, RSAKey> current = new ConcurrentHashMap<>();
        private final AtomicInteger generation = new AtomicInteger();

        RotatingKeys() {
            super(new ArrayList<>(), JWSAlgorithm.RS256.getName());
        }

        @Override
        public JWK signingKey(String issuerId) {
            return current.computeIfAbsent(issuerId, RotatingKeys::newKey);
        }

        /** The mock also looks keys up through this, when it checks tokens at user info and introspection. */
        @Override
        public List<JWK> get(JWKSelector selector, SecurityContext context) {
            return selector.select(new JWKSet(new ArrayList<>(current.values())));
        }

        RSAKey rotate(String issuerId) {
            RSAKey next = newKey(issuerId + "-" + generation.incrementAndGet());
            current.put(issuerId, next);
            return next;
        }

        static RSAKey newKey(String keyId) {
            try {
                return new RSAKeyGenerator(2048).keyID(keyId).generate();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
