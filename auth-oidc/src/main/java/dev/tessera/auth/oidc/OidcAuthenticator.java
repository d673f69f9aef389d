package dev.tessera.auth.oidc;

import dev.tessera.auth.oidc.OidcAuthenticatorFactory.AccessTokenFormat;
import dev.tessera.auth.spi.AuthEnvironment;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.BrowserLogin;
import dev.tessera.auth.spi.CredentialKind;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.ProviderUnavailableException;
import dev.tessera.auth.spi.http.Challenges;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OIDC provider at run time: bearer access tokens (JWT or opaque, per {@code accessTokenFormat}) and the
 * browser login. Thread-safe. Start-up does not need the provider: discovery is tried once, and if the provider
 * is down it is fetched on first use (requests until then get 503). A discovery answer that shows a
 * misconfiguration (a 404, another issuer) does fail start-up.
 */
public final class OidcAuthenticator implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(OidcAuthenticator.class);

    private final AccessTokenFormat format;
    private final JwtAccessTokens jwt;
    private final OpaqueAccessTokens opaque;
    private final OidcBrowserLogin login;

    private OidcAuthenticator(AccessTokenFormat format, JwtAccessTokens jwt, OpaqueAccessTokens opaque,
                              OidcBrowserLogin login) {
        this.format = format;
        this.jwt = jwt;
        this.opaque = opaque;
        this.login = login;
    }

    static OidcAuthenticator create(OidcAuthenticatorFactory config, AuthEnvironment environment) throws IOException {
        String backend = environment.backendName();
        Clock clock = environment.clock();
        HttpSettings http = new HttpSettings((int) config.getHttpConnectTimeout().toMilliseconds(),
                (int) config.getHttpReadTimeout().toMilliseconds());
        ClientCredentials client = ClientCredentials.from(config);
        if ("http".equalsIgnoreCase(config.getIssuerUrl().getScheme()) && !isLoopback(config.getIssuerUrl().getHost())) {
            LOG.warn("OIDC backend {}: issuerUrl {} is plain http; client secrets and tokens travel unencrypted",
                    backend, config.getIssuerUrl());
        }
        Discovery discovery = new Discovery(backend, config.getIssuerUrl(), http, clock);
        probe(backend, discovery);
        SigningKeys keys = new SigningKeys(http, Duration.ofMillis(config.getJwksRefreshMinInterval().toMilliseconds()));
        ClaimsMapper mapper = new ClaimsMapper(backend, config.getNameClaim(), new RolesClaims(config.getRolesClaims()));
        ProviderCalls calls = new ProviderCalls(backend, http, client);
        String audience = config.expectedAudience();
        JwtAccessTokens jwt = new JwtAccessTokens(backend, discovery, keys, mapper, config.getClientId(), audience,
                (int) config.getClockSkew().toSeconds(), clock);
        OpaqueAccessTokens opaque = new OpaqueAccessTokens(discovery, calls, mapper, config.isIntrospection(),
                config.getClientId(), audience,
                config.getCache().ttl().toJavaDuration(), config.getCache().maxSize());
        OidcBrowserLogin login = new OidcBrowserLogin(config, discovery, keys,
                new TokenEndpoint(backend, http, client), calls, mapper, client, clock);
        return new OidcAuthenticator(config.getAccessTokenFormat(), jwt, opaque, login);
    }

    /** One discovery attempt at start-up: a wrong issuerUrl fails now, an unreachable provider only warns. */
    private static void probe(String backend, Discovery discovery) {
        try {
            discovery.seed(discovery.fetch());
        } catch (IOException e) {
            LOG.warn("OIDC backend {}: provider {} is unreachable at start-up ({}); will retry on first use",
                    backend, discovery.issuer(), e.getMessage());
        } catch (Discovery.DiscoveryException e) {
            throw new IllegalArgumentException("OIDC backend " + backend + ": " + e.getMessage(), e);
        }
    }

    private static boolean isLoopback(String host) {
        return "localhost".equalsIgnoreCase(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
    }

    @Override
    public Set<CredentialKind> accepts() {
        return Set.of(CredentialKind.BEARER);
    }

    @Override
    public String challenge() {
        return Challenges.bearer();
    }

    @Override
    public AuthOutcome authenticate(Credentials credentials) throws ProviderUnavailableException {
        if (!(credentials instanceof Credentials.Bearer bearer)) {
            return AuthOutcome.notMine();
        }
        return format == AccessTokenFormat.JWT ? jwt.check(bearer.token()) : opaque.check(bearer.token());
    }

    @Override
    public Optional<BrowserLogin> browserLogin() {
        return Optional.of(login);
    }

    @Override
    public void invalidate(String username) {
        opaque.invalidate(username);
    }

    @Override
    public void close() {
        opaque.clear();
    }
}
