package dev.tessera.server.logging;

import static dev.tessera.server.testing.TestClient.basic;
import static io.dropwizard.testing.ConfigOverride.config;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.oidc.testing.OidcProviderFixture;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The attack of finding 6 replayed against the real app: every logger turned to DEBUG through the admin task, then
 * requests carrying each kind of secret (Basic header, password in a JSON body and in a form, session cookies, a
 * bearer token, an OIDC login whose code and client secret cross the wire). Both the application log and the
 * request log are read back from their files: none of the secrets may be there, while the lines still say which
 * request was made.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LogRedactionIT {

    private static final OidcProviderFixture IDP = OidcProviderFixture.start();
    private static final Path LOGS = TesseraTestApp.newDataDirectory();
    private static final Path APP_LOG = LOGS.resolve("tessera.log");
    private static final Path REQUEST_LOG = LOGS.resolve("requests.log");
    private static final Path HEADER_LOG = LOGS.resolve("request-headers.log");
    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("log-redaction.yml",
            config("auth.backends[1].issuerUrl", () -> IDP.issuerUrl("auth0").toString()),
            config("logging.appenders[0].currentLogFilename", APP_LOG.toString()),
            config("server.requestLog.appenders[0].currentLogFilename", REQUEST_LOG.toString()),
            config("server.requestLog.appenders[1].currentLogFilename", HEADER_LOG.toString()));

    private static final String ADMIN_PASSWORD = "admin-password-1";
    private static final String FORM_PASSWORD = "Lena form p@ss 42";
    private static final Pattern ANY_JWT = Pattern.compile("eyJ[\\w-]{8,}\\.[\\w-]{8,}\\.");

    private final TestClient client = TesseraTestApp.client(APP);
    private final List<String> secrets = new ArrayList<>(List.of(ADMIN_PASSWORD, FORM_PASSWORD,
            URLEncoder.encode(FORM_PASSWORD, StandardCharsets.UTF_8), OidcProviderFixture.CLIENT_SECRET,
            base64(OidcProviderFixture.CLIENT_ID + ":" + OidcProviderFixture.CLIENT_SECRET)));

    @AfterAll
    static void stopProvider() {
        IDP.close();
    }

    @Test
    void noSecretReachesTheLogsWithEveryLoggerAtDebug() throws Exception {
        TestClient adminPort = new TestClient("http://127.0.0.1:" + APP.getAdminPort());
        HttpResponse<String> level = adminPort.send("POST", "/tasks/log-level?logger=ROOT&level=DEBUG", null);
        assertThat(level.statusCode()).as(level.body()).isEqualTo(200);

        String admin = basic("admin", ADMIN_PASSWORD);
        secrets.add(admin.substring("Basic ".length()));
        HttpResponse<String> created = client.as(admin, "POST", "/api/v1/admin/basic-users",
                "{\"username\":\"lena\",\"password\":\"" + FORM_PASSWORD + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        String formSession = formLogin("lena", FORM_PASSWORD);
        assertThat(client.get("/api/v1/whoami", "Cookie", formSession).statusCode()).isEqualTo(200);

        String bearer = IDP.token("auth0").claim("email", "rita@example.com").sign();
        secrets.add(bearer);
        assertThat(client.get("/api/v1/whoami", "Authorization", "Bearer " + bearer).statusCode()).isEqualTo(200);

        String oidcSession = oidcLogin();
        assertThat(client.get("/api/v1/whoami", "Cookie", oidcSession).statusCode()).isEqualTo(200);

        secrets.add("SECRET-code-4711");
        client.get("/login/oauth2/code/auth0?code=SECRET-code-4711&state=visible-state-1&client_secret=" + ADMIN_PASSWORD);
        client.get("/api/v1/whoami?access_token=" + bearer);

        client.get("/api/v1/whoami?last=request");
        String appLog = awaitLog(APP_LOG, "/api/v1/whoami");
        String requestLog = awaitLog(REQUEST_LOG, "last=request");
        String headerLog = awaitLog(HEADER_LOG, "last=request");

        assertThat(appLog).as("the task turned DEBUG on").contains("DEBUG", "Authorization: Basic ****");
        assertThat(requestLog).contains("POST /api/v1/admin/basic-users", "/login/oauth2/code/auth0?code=****&state=",
                "code=****&state=visible-state-1&client_secret=****", "/api/v1/whoami?access_token=****");
        assertThat(headerLog).contains("Basic ****", "Bearer ****", "tessera_session=****");
        for (String secret : secrets) {
            assertNotLogged(appLog, secret, "application log");
            assertNotLogged(requestLog, secret, "request log");
            assertNotLogged(headerLog, secret, "request log of headers");
        }
        for (String log : List.of(appLog, requestLog, headerLog)) {
            assertThat(ANY_JWT.matcher(log).find()).as("a signed token in a log").isFalse();
        }
    }

    @Test
    void theLogSaysWhereTheAdminPortListens() throws Exception {
        assertThat(awaitLog(APP_LOG, "Admin port")).contains("Admin port (health checks, metrics, tasks) listens on "
                + "127.0.0.1:" + APP.getAdminPort() + " only");
    }

    private String formLogin(String username, String password) {
        HttpResponse<String> login = client.send("POST", "/login", "username=" + username + "&password="
                        + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&returnTo=%2F",
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
        return cookie(login, "tessera_session");
    }

    /** The browser's login at the provider, hop by hop: the code and state come back on Tessera's callback. */
    private String oidcLogin() {
        HttpResponse<String> begin = client.get("/login/oauth2/authorization/auth0");
        assertThat(begin.statusCode()).as(begin.body()).isEqualTo(303);
        String loginCookie = cookie(begin, "tessera_login");
        IDP.enqueueLogin("auth0", "auth0|rita", Map.of("email", "rita@example.com",
                "https://tessera.example/roles", List.of("analysts")));
        Map<String, String> back = IDP.authorize(URI.create(begin.headers().firstValue("Location").orElseThrow()));
        secrets.add(back.get("code"));
        HttpResponse<String> callback = client.get("/login/oauth2/code/auth0?code="
                + URLEncoder.encode(back.get("code"), StandardCharsets.UTF_8) + "&state="
                + URLEncoder.encode(back.get("state"), StandardCharsets.UTF_8), "Cookie", loginCookie);
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(303);
        return cookie(callback, "tessera_session");
    }

    /** {@code name=value} of a Set-Cookie in the response; the value is remembered as a secret. */
    private String cookie(HttpResponse<String> response, String name) {
        String setCookie = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "=")).findFirst().orElseThrow();
        String pair = setCookie.substring(0, setCookie.indexOf(';'));
        secrets.add(pair.substring(name.length() + 1));
        return pair;
    }

    private static void assertNotLogged(String log, String secret, String which) {
        assertThat(log).as(which + " holds a secret").doesNotContain(secret);
        if (secret.length() >= 16) { // a wire dump cut short still shows either end of a long secret
            assertThat(log).as(which + " holds a piece of a secret")
                    .doesNotContain(secret.substring(0, 10), secret.substring(secret.length() - 10));
        }
    }

    /** Appenders write on their own thread: wait until the last request has reached the file. */
    private static String awaitLog(Path file, String lastLine) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        String text = "";
        while (Instant.now().isBefore(deadline)) {
            text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            if (text.contains(lastLine)) {
                Thread.sleep(300); // and what the same request logged after it
                return Files.readString(file, StandardCharsets.UTF_8);
            }
            Thread.sleep(100);
        }
        throw new AssertionError(file + " never showed " + lastLine + "; it holds:\n" + text);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
