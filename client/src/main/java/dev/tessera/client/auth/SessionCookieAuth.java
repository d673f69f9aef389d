package dev.tessera.client.auth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The browser's way: one form login ({@code POST /login}) for the session cookie, which later requests send
 * instead of the password. The cookie is renewed by logging in again after a 401. Requests carry
 * {@code X-Requested-With}, which the server asks of cookie-authenticated calls that change something.
 */
public final class SessionCookieAuth implements ClientAuth {

    private final String username;
    private final String password;
    private @Nullable String cookie;

    public SessionCookieAuth(String username, String password) {
        this.username = username;
        this.password = password;
    }

    @Override
    public synchronized void authorize(HttpRequest.Builder request, URI baseUrl, HttpClient http) throws IOException {
        if (cookie == null) {
            cookie = login(baseUrl, http);
        }
        request.setHeader("Cookie", cookie);
        request.setHeader("X-Requested-With", "tessera-client");
    }

    @Override
    public synchronized boolean renew() {
        cookie = null;
        return true;
    }

    private String login(URI baseUrl, HttpClient http) throws IOException {
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve("login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signing in", e);
        }
        if (response.statusCode() != 303) {
            throw new IOException("signing in as '" + username + "' at " + request.uri() + " answered "
                    + response.statusCode() + " (303 and a session cookie expected)");
        }
        return response.headers().allValues("Set-Cookie").stream()
                .map(value -> value.split(";", 2)[0].strip())
                .filter(pair -> pair.contains("=") && !pair.endsWith("="))
                .reduce((a, b) -> a + "; " + b)
                .orElseThrow(() -> new IOException("signing in as '" + username + "' set no session cookie"));
    }

    @Override
    public String toString() {
        return "SessionCookieAuth[" + username + "]";
    }
}
