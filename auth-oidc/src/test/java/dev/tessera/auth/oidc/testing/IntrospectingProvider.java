package dev.tessera.auth.oidc.testing;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tessera.auth.oidc.OidcAuthenticatorFactory;
import dev.tessera.auth.oidc.OidcAuthenticatorFactory.AccessTokenFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider that answers RFC 7662 introspection exactly as a test says, over real HTTP (the JDK's
 * {@code HttpServer}): for the answers {@code mock-oauth2-server} cannot give, such as Keycloak's - {@code azp}
 * instead of {@code aud}, {@code typ: Refresh} - or a token issued to another client. It serves discovery (issuer
 * {@code http://localhost:PORT/realm}), an empty JWKS, and the introspection endpoint, which requires
 * {@link OidcProviderFixture#CLIENT_ID} and {@link OidcProviderFixture#CLIENT_SECRET} by HTTP Basic, answers a
 * token it was told about with its answer and any other with {@code {"active": false}}, and counts its calls.
 */
public final class IntrospectingProvider implements AutoCloseable {

    private final HttpServer server;
    private final URI issuer;
    private final Map<String, Map<String, Object>> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    private IntrospectingProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer = URI.create("http://localhost:" + server.getAddress().getPort() + "/realm");
        server.createContext("/realm/.well-known/openid-configuration", exchange -> send(exchange, 200, discovery()));
        server.createContext("/realm/jwks", exchange -> send(exchange, 200, Map.of("keys", List.of())));
        server.createContext("/realm/introspect", this::introspect);
        server.start();
    }

    /** Starts the provider on a free loopback port. */
    public static IntrospectingProvider start() {
        try {
            return new IntrospectingProvider();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI issuerUrl() {
        return issuer;
    }

    /** A factory for opaque tokens checked by introspection here, named {@code backend}; adjust as needed. */
    public OidcAuthenticatorFactory factory(String backend) {
        OidcAuthenticatorFactory factory = new OidcAuthenticatorFactory();
        factory.setProviderId(backend);
        factory.setIssuerUrl(issuer);
        factory.setClientId(OidcProviderFixture.CLIENT_ID);
        factory.setClientSecret(OidcProviderFixture.CLIENT_SECRET);
        factory.setAccessTokenFormat(AccessTokenFormat.OPAQUE);
        factory.setIntrospection(true);
        return factory;
    }

    /** From now on, introspecting {@code token} answers {@code answer} (give {@code active} yourself). */
    public void answer(String token, Map<String, Object> answer) {
        answers.put(token, Map.copyOf(answer));
    }

    /** How many times {@code token} was introspected. */
    public int introspections(String token) {
        AtomicInteger count = calls.get(token);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private Map<String, Object> discovery() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", issuer.toString());
        metadata.put("authorization_endpoint", issuer + "/authorize");
        metadata.put("token_endpoint", issuer + "/token");
        metadata.put("introspection_endpoint", issuer + "/introspect");
        metadata.put("jwks_uri", issuer + "/jwks");
        metadata.put("response_types_supported", List.of("code"));
        metadata.put("subject_types_supported", List.of("public"));
        metadata.put("id_token_signing_alg_values_supported", List.of("RS256"));
        return metadata;
    }

    private void introspect(HttpExchange exchange) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString((OidcProviderFixture.CLIENT_ID + ":"
                + OidcProviderFixture.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!"POST".equals(exchange.getRequestMethod())
                || !expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, Map.of("error", "invalid_client"));
            return;
        }
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        List<String> token = URLUtils.parseParameters(form).get("token");
        if (token == null || token.size() != 1) {
            send(exchange, 400, Map.of("error", "invalid_request"));
            return;
        }
        calls.computeIfAbsent(token.get(0), t -> new AtomicInteger()).incrementAndGet();
        send(exchange, 200, answers.getOrDefault(token.get(0), Map.of("active", false)));
    }

    private static void send(HttpExchange exchange, int status, Map<String, ?> json) throws IOException {
        byte[] body = JSONObjectUtils.toJSONString(Map.copyOf(json)).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
