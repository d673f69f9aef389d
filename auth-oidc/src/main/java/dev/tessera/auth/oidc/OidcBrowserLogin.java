package dev.tessera.auth.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.tessera.auth.spi.BrowserLogin;
import dev.tessera.auth.spi.Identity;
import dev.tessera.auth.spi.LoginFailedException;
import dev.tessera.auth.spi.ProviderUnavailableException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authorization code flow with PKCE (S256), {@code state} and {@code nonce}. {@link #begin} returns the
 * provider URL and the {@link LoginState} to keep; {@link #complete} checks the callback against it, exchanges the
 * code, validates the ID token (signature by JWKS, {@code iss}, {@code aud}, {@code azp}, {@code exp}, {@code iat},
 * {@code nonce}) and reads the user from it, asking user info as well when {@code userInfo} is on or when the ID
 * token lacks the name claim or any configured role.
 */
final class OidcBrowserLogin implements BrowserLogin {

    /** A login not completed within this time is refused; the server's state cookie should live as long. */
    static final Duration MAX_LOGIN_AGE = Duration.ofMinutes(10);
    /** When the provider does not say how long its access token lives. */
    static final Duration DEFAULT_RECHECK = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(OidcBrowserLogin.class);

    private final String providerId;
    private final OidcAuthenticatorFactory config;
    private final Discovery discovery;
    private final SigningKeys keys;
    private final TokenEndpoint tokenEndpoint;
    private final ProviderCalls calls;
    private final ClaimsMapper mapper;
    private final ClientCredentials client;
    private final Clock clock;

    OidcBrowserLogin(OidcAuthenticatorFactory config, Discovery discovery, SigningKeys keys, TokenEndpoint tokenEndpoint,
                     ProviderCalls calls, ClaimsMapper mapper, ClientCredentials client, Clock clock) {
        this.providerId = config.getProviderId();
        this.config = config;
        this.discovery = discovery;
        this.keys = keys;
        this.tokenEndpoint = tokenEndpoint;
        this.calls = calls;
        this.mapper = mapper;
        this.client = client;
        this.clock = clock;
    }

    @Override
    public String providerId() {
        return providerId;
    }

    @Override
    public String displayName() {
        return config.getDisplayName();
    }

    @Override
    public LoginRedirect begin(URI callbackUri) throws ProviderUnavailableException {
        // Checked live: sending the browser to a provider that is down would leave the user at a dead link.
        OIDCProviderMetadata metadata = discovery.live();
        LoginState state = LoginState.fresh(clock.instant());
        AuthenticationRequest request = new AuthenticationRequest.Builder(
                ResponseType.CODE, new Scope(config.getScopes().toArray(String[]::new)), client.clientId(), callbackUri)
                .endpointURI(metadata.getAuthorizationEndpointURI())
                .state(state.state())
                .nonce(state.nonce())
                .codeChallenge(state.verifier(), CodeChallengeMethod.S256)
                .build();
        return new LoginRedirect(request.toURI(), state.encode());
    }

    @Override
    public Identity complete(Map<String, String> parameters, String encodedState, URI callbackUri)
            throws LoginFailedException, ProviderUnavailableException {
        return completeSession(parameters, encodedState, callbackUri).identity();
    }

    @Override
    public Session completeSession(Map<String, String> parameters, String encodedState, URI callbackUri)
            throws LoginFailedException, ProviderUnavailableException {
        LoginState saved = LoginState.decode(encodedState)
                .orElseThrow(() -> new LoginFailedException("The login could not be matched to this browser. Please sign in again."));
        if (clock.instant().isAfter(saved.begunAt().plus(MAX_LOGIN_AGE))) {
            throw new LoginFailedException("The login took too long. Please sign in again.");
        }
        String error = parameters.get("error");
        if (error != null) {
            LOG.info("OIDC backend {}: the provider ended the login with {}", mapper.backend(), TokenEndpoint.safe(error));
            throw new LoginFailedException("The identity provider ended the login (" + TokenEndpoint.safe(error)
                    + "). Please sign in again.");
        }
        if (!constantTimeEquals(parameters.get("state"), saved.state().getValue())) {
            throw new LoginFailedException("The login answer does not belong to this browser (state mismatch). Please sign in again.");
        }
        // RFC 9207: where the provider names itself in the callback, it must be the provider this login went to.
        String iss = parameters.get("iss");
        if (iss != null && !iss.equals(discovery.issuer().getValue())) {
            throw new LoginFailedException("The login answer came from another identity provider. Please sign in again.");
        }
        String code = parameters.get("code");
        if (code == null || code.isBlank()) {
            throw new LoginFailedException("The identity provider sent no login code. Please sign in again.");
        }
        OIDCProviderMetadata metadata = discovery.get();
        OIDCTokens tokens = tokenEndpoint.exchange(metadata.getTokenEndpointURI(), code, callbackUri, saved.verifier());
        IDTokenClaimsSet idToken = validate(metadata, tokens, saved);
        Map<String, Object> claims;
        try {
            claims = idToken.toJWTClaimsSet().getClaims();
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new LoginFailedException("The identity provider's ID token cannot be read. Please sign in again.", e);
        }
        return session(identity(metadata, claims, idToken, tokens), tokens, null, idToken);
    }

    /**
     * Checks the user again with the refresh token. The answer's ID token, when the provider sends one, is validated
     * like the login's (no nonce: none is sent on a refresh); otherwise the user info endpoint speaks for the user.
     */
    @Override
    public Session refresh(String refreshToken) throws LoginFailedException, ProviderUnavailableException {
        OIDCProviderMetadata metadata = discovery.get();
        Tokens tokens = tokenEndpoint.refresh(metadata.getTokenEndpointURI(), refreshToken);
        if (tokens instanceof OIDCTokens oidc && oidc.getIDToken() != null) {
            IDTokenClaimsSet idToken = validate(metadata, oidc, null);
            try {
                return session(identity(metadata, idToken.toJWTClaimsSet().getClaims(), idToken, oidc), tokens, refreshToken,
                        idToken);
            } catch (com.nimbusds.oauth2.sdk.ParseException e) {
                throw new LoginFailedException("The identity provider's ID token cannot be read. Please sign in again.", e);
            }
        }
        if (metadata.getUserInfoEndpointURI() == null) {
            throw new LoginFailedException("The identity provider confirmed no user on refresh. Please sign in again.");
        }
        Map<String, Object> userInfo = calls.userInfo(metadata.getUserInfoEndpointURI(), tokens.getAccessToken().getValue())
                .orElseThrow(() -> new LoginFailedException("The identity provider ended this session. Please sign in again."));
        Identity identity = mapper.identity(userInfo).orElseThrow(() -> new LoginFailedException(
                "The identity provider did not send the claim '" + mapper.nameClaim() + "' on refresh."));
        return session(identity, tokens, refreshToken, null);
    }

    /**
     * Refresh when the access token would expire ({@code expires_in}; else the ID token's {@code exp}; else five
     * minutes). Providers that rotate refresh tokens send a new one; others keep the first.
     */
    private Session session(Identity identity, Tokens tokens, String previousRefreshToken, IDTokenClaimsSet idToken) {
        Optional<String> refreshToken = Optional.ofNullable(tokens.getRefreshToken()).map(token -> token.getValue())
                .or(() -> Optional.ofNullable(previousRefreshToken));
        long lifetime = tokens.getAccessToken().getLifetime();
        Instant recheck;
        if (lifetime > 0) {
            recheck = clock.instant().plusSeconds(lifetime);
        } else if (idToken != null && idToken.getExpirationTime() != null) {
            recheck = idToken.getExpirationTime().toInstant();
        } else {
            recheck = clock.instant().plus(DEFAULT_RECHECK);
        }
        return new Session(identity, refreshToken, refreshToken.map(token -> recheck));
    }

    /** @param saved the login's state, or null on a refresh (no nonce then) */
    private IDTokenClaimsSet validate(OIDCProviderMetadata metadata, OIDCTokens tokens, LoginState saved)
            throws LoginFailedException, ProviderUnavailableException {
        IDTokenValidator validator = new IDTokenValidator(discovery.issuer(), client.clientId(), keys.selector(metadata), null);
        validator.setMaxClockSkew((int) config.getClockSkew().toSeconds());
        try {
            return validator.validate(tokens.getIDToken(), saved == null ? null : saved.nonce());
        } catch (KeySourceException e) {
            throw new ProviderUnavailableException(mapper.backend(), "the identity provider's signing keys cannot be fetched", e);
        } catch (BadJOSEException | JOSEException e) {
            LOG.warn("OIDC backend {}: ID token refused: {}", mapper.backend(), e.getMessage());
            throw new LoginFailedException("The identity provider's ID token was refused (" + describe(e) + "). Please sign in again.");
        }
    }

    private Identity identity(OIDCProviderMetadata metadata, Map<String, Object> claims, IDTokenClaimsSet idToken,
                              OIDCTokens tokens) throws LoginFailedException, ProviderUnavailableException {
        boolean missingName = mapper.username(claims).isEmpty();
        boolean missingRoles = !mapper.rolesClaims().isEmpty() && mapper.roles(claims).isEmpty();
        Optional<Identity> identity;
        if ((config.isUserInfo() || missingName || missingRoles) && metadata.getUserInfoEndpointURI() != null) {
            Map<String, Object> userInfo = calls.userInfo(metadata.getUserInfoEndpointURI(),
                    tokens.getAccessToken().getValue()).orElseThrow(() -> new LoginFailedException(
                    "The identity provider refused to give the user's details. Please sign in again."));
            // OIDC Core 5.3.2: user info about someone else must not be used.
            if (!Objects.equals(userInfo.get("sub"), idToken.getSubject().getValue())) {
                throw new LoginFailedException("The identity provider's user details are for another user.");
            }
            identity = mapper.identity(claims, userInfo);
        } else {
            identity = mapper.identity(claims);
        }
        return identity.orElseThrow(() -> new LoginFailedException("The identity provider did not send the claim '"
                + mapper.nameClaim() + "' that names users here. Please tell an administrator (nameClaim)."));
    }

    @Override
    public Optional<URI> logoutRedirect(URI postLogoutRedirectUri) {
        Optional<OIDCProviderMetadata> metadata = discovery.cached();
        if (metadata.isEmpty()) {
            try {
                metadata = Optional.of(discovery.get());
            } catch (ProviderUnavailableException e) {
                return Optional.empty();
            }
        }
        URI endSession = metadata.get().getEndSessionEndpointURI();
        if (endSession == null) {
            return Optional.empty();
        }
        return Optional.of(new LogoutRequest(endSession, null, null, client.clientId(), postLogoutRedirectUri, null, null).toURI());
    }

    /** A short, fixed phrase for the user; the full reason goes to the log. */
    static String describe(Exception e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
        if (message.contains("nonce")) {
            return "nonce mismatch";
        }
        if (message.contains("expired")) {
            return "expired";
        }
        if (message.contains("aud") || message.contains("azp")) {
            return "issued to another client";
        }
        if (message.contains("iss")) {
            return "wrong issuer";
        }
        if (message.contains("signature") || message.contains("key")) {
            return "bad signature";
        }
        return "invalid";
    }

    private static boolean constantTimeEquals(String given, String expected) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }
}
