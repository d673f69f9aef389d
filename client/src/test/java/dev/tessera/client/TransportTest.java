package dev.tessera.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.tessera.client.auth.BasicAuth;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the client makes of answers the Tessera server itself does not send: a proxy's HTML error page, a 503 with
 * Retry-After. Served by the JDK's own HTTP server, as a reverse proxy in front of Tessera would answer.
 */
class TransportTest {

    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/proxy/", exchange -> {
            byte[] page = "<html><body>502 Bad Gateway</body></html>\n<p>nginx</p>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(502, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        server.createContext("/busy/", exchange -> {
            byte[] problem = ("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                    + "\"detail\":\"The query engine is not running; try again shortly.\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.getResponseHeaders().add("Retry-After", "30");
            exchange.sendResponseHeaders(503, problem.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(problem);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private TesseraClient client(String prefix) {
        return TesseraClient.builder(URI.create("http://localhost:" + server.getAddress().getPort() + prefix))
                .auth(new BasicAuth("ann", "secret-password")).build();
    }

    @Test
    void aProxyErrorPageKeepsItsStatusAndFirstLine() {
        TesseraProblemException e = catchThrowableOfType(TesseraProblemException.class, () -> client("/proxy/").listCubes());
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.detail()).isEqualTo("<html><body>502 Bad Gateway</body></html>");
        assertThat(e.errors()).isEmpty();
    }

    @Test
    void aProblemCarriesItsDetailAndRetryAfter() {
        TesseraProblemException e = catchThrowableOfType(TesseraProblemException.class,
                () -> client("/busy/").query("sales", CubeQuery.of(List.of("revenue"), List.of())));
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.title()).isEqualTo("Service Unavailable");
        assertThat(e.detail()).contains("try again");
        assertThat(e.retryAfterSeconds()).hasValue(30L);
        assertThat(e.getMessage()).doesNotContain("secret-password");
    }
}
