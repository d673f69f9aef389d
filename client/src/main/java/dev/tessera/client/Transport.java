package dev.tessera.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.client.auth.ClientAuth;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One HTTP exchange: signs it, retries once after a 401 when the credential was renewed, turns errors into problems. */
final class Transport {

    /** An error body is read up to this much: enough for any problem+json, not a whole HTML page. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final HttpClient http;
    private final URI baseUrl;
    private final ClientAuth auth;
    private final ObjectMapper json;
    private final Duration timeout;

    Transport(HttpClient http, URI baseUrl, ClientAuth auth, ObjectMapper json, Duration timeout) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.auth = auth;
        this.json = json;
        this.timeout = timeout;
    }

    /** A 2xx answer's body, to be closed by the caller; anything else is a {@link TesseraProblemException}. */
    InputStream send(String method, String path, byte @Nullable [] body, String accept) throws IOException {
        HttpResponse<InputStream> response = exchange(method, path, body, accept);
        if (response.statusCode() == 401 && auth.renew()) {
            response.body().close();
            response = exchange(method, path, body, accept);
        }
        if (response.statusCode() / 100 != 2) {
            throw problem(response);
        }
        return response.body();
    }

    private HttpResponse<InputStream> exchange(String method, String path, byte @Nullable [] body, String accept)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(timeout)
                .header("Accept", accept + ", application/problem+json;q=0.9")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        auth.authorize(request, baseUrl, http);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + baseUrl.resolve(path), e);
        }
    }

    private TesseraProblemException problem(HttpResponse<InputStream> response) throws IOException {
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = in.readNBytes(MAX_ERROR_BODY);
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        Long retryAfter = response.headers().firstValue("Retry-After").map(Transport::seconds).orElse(null);
        int status = response.statusCode();
        if (type.startsWith("application/problem+json")) {
            JsonNode problem = json.readTree(bytes);
            List<TesseraProblemException.FieldError> errors = new ArrayList<>();
            problem.path("errors").forEach(e -> errors.add(
                    new TesseraProblemException.FieldError(e.path("pointer").asText(), e.path("detail").asText())));
            return new TesseraProblemException(status, problem.path("title").asText(""), problem.path("detail").asText(""),
                    errors, retryAfter);
        }
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        String firstLine = text.isEmpty() ? "(no body)" : text.lines().findFirst().orElse(text);
        return new TesseraProblemException(status, "HTTP " + status, firstLine, List.of(), retryAfter);
    }

    private static @Nullable Long seconds(String retryAfter) {
        try {
            return Long.valueOf(retryAfter.strip());
        } catch (NumberFormatException e) {
            return null; // an HTTP date: rare from this server, and a caller can wait its own default instead
        }
    }
}
