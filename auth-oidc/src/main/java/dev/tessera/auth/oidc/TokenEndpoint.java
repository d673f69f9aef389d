package dev.tessera.auth.oidc;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.tessera.auth.spi.LoginFailedException;
import dev.tessera.auth.spi.ProviderUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Exchanges an authorization code (with its PKCE verifier) for tokens. */
final class TokenEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoint.class);

    private final String backend;
    private final HttpSettings http;
    private final ClientCredentials client;

    TokenEndpoint(String backend, HttpSettings http, ClientCredentials client) {
        this.backend = backend;
        this.http = http;
        this.client = client;
    }

    OIDCTokens exchange(URI endpoint, String code, URI callbackUri, CodeVerifier verifier)
            throws LoginFailedException, ProviderUnavailableException {
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), callbackUri, verifier);
        Tokens tokens = send(endpoint, grant, false);
        if (!(tokens instanceof OIDCTokens oidc) || oidc.getIDToken() == null) {
            throw new LoginFailedException("The identity provider sent no ID token; 'openid' must be among the scopes.");
        }
        return oidc;
    }

    /** A refresh token grant (RFC 6749 section 6); the answer may or may not carry a new ID token. */
    Tokens refresh(URI endpoint, String refreshToken) throws LoginFailedException, ProviderUnavailableException {
        return send(endpoint, new RefreshTokenGrant(new RefreshToken(refreshToken)), true);
    }

    private Tokens send(URI endpoint, AuthorizationGrant grant, boolean refreshing)
            throws LoginFailedException, ProviderUnavailableException {
        Optional<ClientAuthentication> auth = client.forEndpoint(endpoint);
        TokenRequest request = (auth.isPresent()
                ? new TokenRequest.Builder(endpoint, auth.get(), grant)
                : new TokenRequest.Builder(endpoint, client.clientId(), grant)).build();
        HTTPRequest httpRequest = request.toHTTPRequest();
        client.decorate(httpRequest);
        HTTPResponse response;
        try {
            response = http.send(httpRequest);
        } catch (IOException e) {
            throw new ProviderUnavailableException(backend, "the identity provider's token endpoint cannot be reached", e);
        }
        if (response.getStatusCode() >= 500 || response.getStatusCode() == 429) {
            throw new ProviderUnavailableException(backend,
                    "the identity provider's token endpoint answered HTTP " + response.getStatusCode(), null);
        }
        TokenResponse parsed;
        try {
            parsed = OIDCTokenResponseParser.parse(response);
        } catch (ParseException e) {
            throw new LoginFailedException("The identity provider sent an answer Tessera cannot read. Please try again.", e);
        }
        if (!parsed.indicatesSuccess()) {
            throw refused(parsed.toErrorResponse().getErrorObject(), refreshing);
        }
        AccessTokenResponse success = parsed.toSuccessResponse();
        return success instanceof OIDCTokenResponse oidc ? oidc.getOIDCTokens() : success.getTokens();
    }

    private LoginFailedException refused(ErrorObject error, boolean refreshing) {
        String code = error.getCode() == null ? "unknown" : error.getCode();
        if (refreshing && OAuth2Error.INVALID_GRANT.getCode().equals(code)) {
            return new LoginFailedException("The identity provider ended this session. Please sign in again.");
        }
        if (OAuth2Error.INVALID_GRANT.getCode().equals(code)) {
            return new LoginFailedException(
                    "The identity provider refused the login code: it has expired or was already used. Please sign in again.");
        }
        if (OAuth2Error.INVALID_CLIENT.getCode().equals(code) || OAuth2Error.UNAUTHORIZED_CLIENT.getCode().equals(code)) {
            LOG.error("OIDC backend {}: the token endpoint refused Tessera's client credentials ({}); "
                    + "check clientId, clientSecret and tokenEndpointAuth", backend, code);
            return new LoginFailedException(
                    "The identity provider refused this server's credentials. Please tell an administrator.");
        }
        LOG.warn("OIDC backend {}: token endpoint error {}: {}", backend, code, error.getDescription());
        return new LoginFailedException("The identity provider refused the login (" + safe(code) + "). Please sign in again.");
    }

    static String safe(String code) {
        return code.matches("[A-Za-z0-9_.-]{1,64}") ? code : "error";
    }
}
