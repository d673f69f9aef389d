package dev.tessera.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.client.auth.ClientAuth;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A Tessera server seen from a program: the cubes the caller may query, their metadata and members, and queries
 * answered as typed rows, as streamed CSV or as an Arrow stream. Thread-safe; build one per server and user.
 *
 * <pre>{@code
 * TesseraClient tessera = TesseraClient.builder(URI.create("https://tessera.example.com/"))
 *         .auth(new BasicAuth("bob", System.getenv("TESSERA_PASSWORD"))).build();
 * QueryAnswer answer = tessera.query("sales", CubeQuery.of(List.of("revenue"), List.of("geo.country")));
 * }</pre>
 *
 * <p>Every method throws {@link TesseraProblemException} when the server answers with an error (its status, title
 * and detail), and {@link IOException} when it cannot be reached or a credential cannot be obtained.
 */
public final class TesseraClient {

    public static final String ARROW_STREAM = "application/vnd.apache.arrow.stream";

    private final Transport transport;
    private final ObjectMapper json;

    private TesseraClient(Transport transport, ObjectMapper json) {
        this.transport = transport;
        this.json = json;
    }

    /** A client for the server at {@code baseUrl} ({@code https://host:port/}, or with a path prefix). */
    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /** {@code GET /api/v1/cubes}: the cubes this user may query. */
    public List<CubeSummary> listCubes() throws IOException {
        try (InputStream body = transport.send("GET", "api/v1/cubes", null, "application/json")) {
            return json.readValue(body, new TypeReference<List<CubeSummary>>() {});
        }
    }

    /** {@code GET /api/v1/cubes/{cube}}: dimensions, levels and measures. */
    public CubeMetadata metadata(String cube) throws IOException {
        try (InputStream body = transport.send("GET", "api/v1/cubes/" + segment(cube), null, "application/json")) {
            return json.readValue(body, CubeMetadata.class);
        }
    }

    /**
     * {@code GET /api/v1/cubes/{cube}/members/{level}}: the level's values this user may see.
     *
     * @param search only members containing this text (case-insensitive), or null for all
     * @param limit at most this many, or null for the server's default
     */
    public Members members(String cube, String level, @Nullable String search, @Nullable Integer limit) throws IOException {
        StringBuilder path = new StringBuilder("api/v1/cubes/").append(segment(cube)).append("/members/").append(segment(level));
        char sep = '?';
        if (search != null) {
            path.append(sep).append("q=").append(URLEncoder.encode(search, StandardCharsets.UTF_8));
            sep = '&';
        }
        if (limit != null) {
            path.append(sep).append("limit=").append(limit);
        }
        try (InputStream body = transport.send("GET", path.toString(), null, "application/json")) {
            return json.readValue(body, Members.class);
        }
    }

    /** Runs {@code query} on {@code cube}; the answer as typed rows. */
    public QueryAnswer query(String cube, CubeQuery query) throws IOException {
        try (InputStream body = open(cube, query, "application/json")) {
            return JsonAnswers.read(json, body);
        }
    }

    /** Runs {@code query} on {@code cube}; the server's JSON answer as it is sent, to pass on unparsed. Close it. */
    public InputStream queryJson(String cube, CubeQuery query) throws IOException {
        return open(cube, query, "application/json");
    }

    /**
     * Runs {@code query} on {@code cube}; the answer as CSV (UTF-8, a header line first), streamed as the server
     * writes it. Close the stream.
     */
    public InputStream queryCsv(String cube, CubeQuery query) throws IOException {
        return open(cube, query, "text/csv");
    }

    /** Runs {@code query} on {@code cube}; the answer as an Arrow IPC stream. Close it. */
    public ArrowAnswer queryArrow(String cube, CubeQuery query) throws IOException {
        return new ArrowAnswer(open(cube, query, ARROW_STREAM));
    }

    private InputStream open(String cube, CubeQuery query, String mediaType) throws IOException {
        return transport.send("POST", "api/v1/cubes/" + segment(cube) + "/query", json.writeValueAsBytes(query), mediaType);
    }

    private static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** How to reach the server and who to be there. */
    public static final class Builder {
        private final URI baseUrl;
        private @Nullable ClientAuth auth;
        private Duration timeout = Duration.ofMinutes(2);

        private Builder(URI baseUrl) {
            String text = baseUrl.toString();
            this.baseUrl = URI.create(text.endsWith("/") ? text : text + "/");
        }

        /** How requests prove who sends them; required. */
        public Builder auth(ClientAuth newAuth) {
            this.auth = newAuth;
            return this;
        }

        /** How long one request may take, answer included (default two minutes). */
        public Builder timeout(Duration newTimeout) {
            this.timeout = newTimeout;
            return this;
        }

        public TesseraClient build() {
            ClientAuth chosen = auth;
            if (chosen == null) {
                throw new IllegalStateException("choose how to sign in: auth(new BasicAuth(...)), BearerAuth, "
                        + "ClientCredentialsAuth, KerberosAuth or SessionCookieAuth");
            }
            ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
            // Redirects are not followed: a 303 to the login page means the credential was not accepted.
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            return new TesseraClient(new Transport(http, baseUrl, chosen, json, timeout), json);
        }
    }
}
