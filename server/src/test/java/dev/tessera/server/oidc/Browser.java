package dev.tessera.server.oidc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Plays a browser against Tessera over plain HTTP: keeps Tessera's cookies (honouring {@code Max-Age=0} and
 * {@code Path}), follows no redirect on its own, and visits other hosts (the provider) without cookies, so every
 * hop of a login can be looked at.
 */
final class Browser {

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    /** name -> (path, value) */
    private final Map<String, String[]> cookies = new LinkedHashMap<>();

    Browser(String baseUrl) {
        this.base = URI.create(baseUrl);
    }

    /** GET a path of Tessera or any absolute URL; Tessera's cookies go only to Tessera. */
    HttpResponse<String> get(String pathOrUrl, String... headers) {
        return send("GET", pathOrUrl, headers);
    }

    HttpResponse<String> post(String path, String... headers) {
        return send("POST", path, headers);
    }

    HttpResponse<String> send(String method, String pathOrUrl, String... headers) {
        URI uri = base.resolve(pathOrUrl);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        boolean ours = sameOrigin(uri);
        if (ours) {
            cookieHeader(uri.getRawPath()).ifPresent(value -> request.setHeader("Cookie", value));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (ours) {
            response.headers().allValues("Set-Cookie").forEach(this::store);
        }
        return response;
    }

    /** Where a redirect goes, resolved against the request's URL. */
    static URI location(HttpResponse<?> response) {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location on HTTP " + response.statusCode() + ": " + response.body()));
        return response.uri().resolve(location);
    }

    Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name)).map(c -> c[1]);
    }

    void setCookie(String name, String path, String value) {
        cookies.put(name, new String[] {path, value});
    }

    void forget(String name) {
        cookies.remove(name);
    }

    /** The values of one Set-Cookie name in a response. */
    static List<String> setCookies(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).toList();
    }

    private boolean sameOrigin(URI uri) {
        return base.getScheme().equals(uri.getScheme()) && base.getHost().equals(uri.getHost())
                && base.getPort() == uri.getPort();
    }

    private Optional<String> cookieHeader(String path) {
        String header = cookies.entrySet().stream()
                .filter(e -> path.startsWith(e.getValue()[0]))
                .map(e -> e.getKey() + "=" + e.getValue()[1])
                .collect(Collectors.joining("; "));
        return header.isEmpty() ? Optional.empty() : Optional.of(header);
    }

    private void store(String setCookie) {
        String[] parts = setCookie.split(";", -1);
        int equals = parts[0].indexOf('=');
        String name = parts[0].substring(0, equals).strip();
        String value = parts[0].substring(equals + 1).strip();
        String path = "/";
        boolean expired = value.isEmpty();
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].strip();
            String lower = attribute.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("path=")) {
                path = attribute.substring(5);
            } else if (lower.equals("max-age=0")) {
                expired = true;
            }
        }
        if (expired) {
            cookies.remove(name);
        } else {
            cookies.put(name, new String[] {path, value});
        }
    }
}
