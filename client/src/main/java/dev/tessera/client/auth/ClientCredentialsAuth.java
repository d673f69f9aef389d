package dev.tessera.client.auth;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * OAuth2 client credentials (RFC 6749 section 4.4): a service account's id and secret are exchanged at the
 * provider's token endpoint for an access token, sent as a bearer token. The token is kept and exchanged again
 * shortly before it expires (a tenth of its lifetime, at most a minute, early), so a long-running program never
 * sends an expired one; a 401 drops it at once.
 */
public final class ClientCredentialsAuth implements ClientAuth {

    private static final Duration MAX_MARGIN = Duration.ofMinutes(1);

    private final URI tokenEndpoint;
    private final ClientID clientId;
    private final Secret secret;
    private final @Nullable Scope scope;
    private final Clock clock;
    private @Nullable AccessToken token;
    private Instant renewAt = Instant.MIN;

    /**
     * @param scope space-separated scopes to ask for, or null for the provider's default
     */
    public ClientCredentialsAuth(URI tokenEndpoint, String clientId, String clientSecret, @Nullable String scope) {
        this(tokenEndpoint, clientId, clientSecret, scope, Clock.systemUTC());
    }

    /** With the clock that decides when a token is due for renewal. */
    public ClientCredentialsAuth(URI tokenEndpoint, String clientId, String clientSecret, @Nullable String scope,
                                 Clock clock) {
        this.tokenEndpoint = tokenEndpoint;
        this.clientId = new ClientID(clientId);
        this.secret = new Secret(clientSecret);
        this.scope = scope == null || scope.isBlank() ? null : Scope.parse(scope);
        this.clock = clock;
    }

    @Override
    public void authorize(HttpRequest.Builder request, URI baseUrl, HttpClient http) throws IOException {
        request.setHeader("Authorization", currentToken().toAuthorizationHeader());
    }

    /** The access token in use, exchanged anew when none is held or it is due for renewal. */
    public synchronized AccessToken currentToken() throws IOException {
        Instant now = clock.instant();
        AccessToken held = token;
        if (held != null && now.isBefore(renewAt)) {
            return held;
        }
        AccessToken fresh = exchange();
        long lifetime = fresh.getLifetime();
        Duration margin = Duration.ofSeconds(lifetime / 10).compareTo(MAX_MARGIN) > 0 ? MAX_MARGIN : Duration.ofSeconds(lifetime / 10);
        // A token without expires_in is kept until the server refuses it.
        renewAt = lifetime <= 0 ? Instant.MAX : now.plusSeconds(lifetime).minus(margin);
        token = fresh;
        return fresh;
    }

    @Override
    public synchronized boolean renew() {
        token = null;
        return true;
    }

    private AccessToken exchange() throws IOException {
        TokenRequest request = new TokenRequest(tokenEndpoint, new ClientSecretBasic(clientId, secret),
                new ClientCredentialsGrant(), scope);
        try {
            TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());
            if (response instanceof TokenErrorResponse error) {
                throw new IOException("the token endpoint " + tokenEndpoint + " refused client '" + clientId + "': "
                        + error.getErrorObject().getCode() + " " + error.getErrorObject().getDescription());
            }
            return response.toSuccessResponse().getTokens().getAccessToken();
        } catch (ParseException e) {
            throw new IOException("the token endpoint " + tokenEndpoint + " sent an answer that is not OAuth2: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ClientCredentialsAuth[" + clientId + " at " + tokenEndpoint + "]";
    }
}
