package dev.tessera.client.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

/** A bearer token obtained elsewhere (an OIDC access token), sent as is; it is never renewed. */
public final class BearerAuth implements ClientAuth {

    private final String token;

    public BearerAuth(String token) {
        if (token.isBlank()) {
            throw new IllegalArgumentException("the bearer token is empty");
        }
        this.token = token;
    }

    @Override
    public void authorize(HttpRequest.Builder request, URI baseUrl, HttpClient http) {
        request.setHeader("Authorization", "Bearer " + token);
    }

    @Override
    public String toString() {
        return "BearerAuth[***]";
    }
}
