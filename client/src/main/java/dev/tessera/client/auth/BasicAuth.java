package dev.tessera.client.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** HTTP Basic: a local (Basic backend) or LDAP user's name and password on every request. */
public final class BasicAuth implements ClientAuth {

    private final String username;
    private final String header;

    public BasicAuth(String username, String password) {
        this.username = username;
        this.header = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void authorize(HttpRequest.Builder request, URI baseUrl, HttpClient http) {
        request.setHeader("Authorization", header);
    }

    @Override
    public String toString() {
        return "BasicAuth[" + username + "]";
    }
}
