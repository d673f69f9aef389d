package dev.tessera.client.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

/**
 * Signs each request the client sends. Implementations keep their secrets out of {@code toString()}.
 */
public interface ClientAuth {

    /**
     * Adds whatever proves who the caller is (an {@code Authorization} header, a cookie) to {@code request}.
     *
     * @param baseUrl the server's base URL, e.g. for a login call or the Kerberos service name
     * @param http the client's own HTTP client, for a login or token call
     * @throws IOException when the credential cannot be obtained (token endpoint or KDC down, login refused)
     */
    void authorize(HttpRequest.Builder request, URI baseUrl, HttpClient http) throws IOException;

    /**
     * Called after the server answered 401: forget any cached token or session so the next
     * {@link #authorize} gets a fresh one.
     *
     * @return true when a retry may succeed (something was renewed), false when the same credential would be sent
     */
    default boolean renew() {
        return false;
    }
}
