package dev.tessera.auth.kerberos;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tessera.auth.kerberos.testing.KdcFixture;
import dev.tessera.auth.kerberos.testing.MitTools;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.http.AuthorizationHeader;
import dev.tessera.auth.spi.http.MalformedCredentialsException;
import dev.tessera.auth.spi.testing.TestAuthEnvironment;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MIT {@code kinit}, {@code kvno} and {@code curl --negotiate} against the in-process KDC and a tiny HTTP server
 * guarded by the Kerberos authenticator: what a Linux user on the domain does.
 */
class MitKinitCurlIT {

    private static KdcFixture kdc;
    private static KerberosAuthenticator authenticator;
    private static HttpServer http;
    private static URI url;

    @BeforeAll
    static void start() throws Exception {
        MitTools.requireInstalled();
        kdc = KdcFixture.start();
        authenticator = kdc.factory().build(TestAuthEnvironment.of("kerberos"));
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", MitKinitCurlIT::handle);
        http.start();
        url = URI.create("http://" + KdcFixture.SERVICE_HOST + ":" + http.getAddress().getPort() + "/whoami");
    }

    @AfterAll
    static void stop() throws Exception {
        if (http != null) {
            http.stop(0);
        }
        if (authenticator != null) {
            authenticator.close();
        }
        if (kdc != null) {
            kdc.close();
        }
    }

    /** 401 with a Negotiate challenge, or 200 with the username and the mutual-authentication token. */
    private static void handle(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        AuthOutcome outcome;
        try {
            Optional<Credentials> credentials = AuthorizationHeader.parse(authorization);
            outcome = credentials.isPresent() ? authenticator.authenticate(credentials.get()) : AuthOutcome.notMine();
        } catch (MalformedCredentialsException e) {
            outcome = AuthOutcome.rejected(String.valueOf(e.getMessage()));
        }
        if (outcome instanceof AuthOutcome.Accepted accepted) {
            accepted.responseChallenge().ifPresent(value -> exchange.getResponseHeaders().add("WWW-Authenticate", value));
            respond(exchange, 200, accepted.identity().username());
        } else {
            exchange.getResponseHeaders().add("WWW-Authenticate", authenticator.challenge());
            respond(exchange, 401, outcome instanceof AuthOutcome.Rejected rejected ? rejected.reason() : "log in");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void kinitGetsATicketFromTheTestKdc(@TempDir Path tmp) {
        Path ccache = tmp.resolve("ccache");
        MitTools.kinit(kdc, KdcFixture.ALICE, ccache);
        MitTools.Result klist = MitTools.klist(kdc, ccache);
        assertThat(klist.exitCode()).as(klist.output()).isZero();
        assertThat(klist.output()).contains("alice@TESSERA.TEST").contains("krbtgt/TESSERA.TEST@TESSERA.TEST");
    }

    @Test
    void kvnoGetsAServiceTicketForHttpLocalhost(@TempDir Path tmp) {
        Path ccache = tmp.resolve("ccache");
        MitTools.kinit(kdc, KdcFixture.BOB, ccache);
        MitTools.Result kvno = MitTools.kvno(kdc, ccache, kdc.servicePrincipal());
        assertThat(kvno.exitCode()).as(kvno.output()).isZero();
        assertThat(kvno.output()).contains(kdc.servicePrincipal()).contains("kvno = ");
    }

    @Test
    void curlNegotiateIsAcceptedAndGetsTheMutualAuthenticationToken(@TempDir Path tmp) {
        Path ccache = tmp.resolve("ccache");
        MitTools.kinit(kdc, KdcFixture.ALICE, ccache);
        MitTools.HttpResult result = MitTools.curlNegotiate(kdc, ccache, url);
        assertThat(result.status()).as(result.headers() + result.body()).isEqualTo(200);
        assertThat(result.body()).isEqualTo("alice");
        assertThat(result.finalWwwAuthenticate()).startsWith("Negotiate ");
    }

    @Test
    void curlWithoutATicketGetsTheNegotiateChallenge(@TempDir Path tmp) {
        MitTools.HttpResult result = MitTools.curlNegotiate(kdc, tmp.resolve("empty-ccache"), url);
        assertThat(result.status()).isEqualTo(401);
        assertThat(result.finalWwwAuthenticate()).isEqualTo("Negotiate");
    }
}
