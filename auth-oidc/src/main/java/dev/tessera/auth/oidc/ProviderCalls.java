package dev.tessera.auth.oidc;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import dev.tessera.auth.spi.ProviderUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The two back-channel questions Tessera asks about an access token: user info (OIDC Core 5.3) and introspection
 * (RFC 7662). Both answer "refused" as an empty result and "could not ask" as {@link ProviderUnavailableException}.
 */
final class ProviderCalls {

    private final String backend;
    private final HttpSettings http;
    private final ClientCredentials client;

    ProviderCalls(String backend, HttpSettings http, ClientCredentials client) {
        this.backend = backend;
        this.http = http;
        this.client = client;
    }

    /** The user info claims for this token, or empty when the provider refuses the token. */
    Optional<Map<String, Object>> userInfo(URI endpoint, String accessToken) throws ProviderUnavailableException {
        HTTPRequest request = new UserInfoRequest(endpoint, new BearerAccessToken(accessToken)).toHTTPRequest();
        HTTPResponse response = send(request, "user info");
        int status = response.getStatusCode();
        if (status == 401 || status == 403) {
            return Optional.empty();
        }
        if (status != 200) {
            throw unavailable("user info answered HTTP " + status, response, null);
        }
        try {
            // A signed (application/jwt) user info answer is not supported; providers answer JSON by default.
            return Optional.of(response.getBodyAsJSONObject());
        } catch (ParseException e) {
            throw unavailable("user info answered something other than a JSON object", response, e);
        }
    }

    /** The introspection answer's claims when the token is active, else empty. */
    Optional<Map<String, Object>> introspect(URI endpoint, String accessToken) throws ProviderUnavailableException {
        Optional<ClientAuthentication> auth = client.forEndpoint(endpoint);
        TokenIntrospectionRequest introspection = auth.isPresent()
                ? new TokenIntrospectionRequest(endpoint, auth.get(), new BearerAccessToken(accessToken))
                : new TokenIntrospectionRequest(endpoint, new BearerAccessToken(accessToken),
                        Map.of("client_id", java.util.List.of(client.clientId().getValue())));
        HTTPRequest request = introspection.toHTTPRequest();
        client.decorate(request);
        HTTPResponse response = send(request, "introspection");
        if (response.getStatusCode() >= 500 || response.getStatusCode() == 429) {
            throw unavailable("introspection answered HTTP " + response.getStatusCode(), response, null);
        }
        TokenIntrospectionResponse parsed;
        try {
            parsed = TokenIntrospectionResponse.parse(response);
        } catch (ParseException e) {
            throw unavailable("introspection answered something unreadable", response, e);
        }
        if (!parsed.indicatesSuccess()) {
            // 401 here means the provider refused Tessera's own credentials: an operator problem, not the user's.
            throw unavailable("introspection refused: " + parsed.toErrorResponse().getErrorObject().getCode()
                    + " (check clientId, clientSecret and tokenEndpointAuth)", response, null);
        }
        TokenIntrospectionSuccessResponse success = parsed.toSuccessResponse();
        return success.isActive() ? Optional.of(success.toJSONObject()) : Optional.empty();
    }

    private HTTPResponse send(HTTPRequest request, String what) throws ProviderUnavailableException {
        try {
            return http.send(request);
        } catch (IOException e) {
            throw new ProviderUnavailableException(backend, "the identity provider's " + what
                    + " endpoint cannot be reached", e);
        }
    }

    private ProviderUnavailableException unavailable(String message, HTTPResponse response, Exception cause) {
        Duration retryAfter = Duration.ofSeconds(30);
        String header = response.getHeaderValue("Retry-After");
        if (header != null && header.strip().matches("\\d{1,5}")) {
            retryAfter = Duration.ofSeconds(Long.parseLong(header.strip()));
        }
        return new ProviderUnavailableException(backend, message, retryAfter, cause);
    }
}
