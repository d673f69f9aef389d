package dev.tessera.server;

import static dev.tessera.server.testing.TestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Browser sessions: the login page and form, the signed cookie, CSRF on cookie writes, logout. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SessionIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("test-config.yml");

    private final TestClient client = TesseraTestApp.client(APP);

    private HttpResponse<String> postForm(String path, String form, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/x-www-form-urlencoded";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return client.send("POST", path, form, all);
    }

    private String login(String username, String password, String returnTo) {
        HttpResponse<String> response = postForm("/login", "username=" + username + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&returnTo=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        String setCookie = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("tessera_session=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void loginPageIsOpenAndRendersTheForm() {
        HttpResponse<String> page = client.get("/login");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\" action=\"/login\"", "name=\"password\"");
    }

    @Test
    void browsersAreSentToTheLoginPageWithTheirPathKept() {
        // What a browser sends when it navigates (Chromium's Accept for a document).
        HttpResponse<String> response = client.get("/api/v1/whoami", "Accept",
                "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8");
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/login?returnTo=%2Fapi%2Fv1%2Fwhoami");
    }

    @Test
    void formLoginSetsACookieThatAuthenticatesAndReturnsToTheAskedPath() {
        HttpResponse<String> response = postForm("/login", "username=admin&password=admin-password-1&returnTo=%2Fapi%2Fv1%2Fwhoami");
        assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/api/v1/whoami");
        String cookie = login("admin", "admin-password-1", "/");
        HttpResponse<String> whoami = client.get("/api/v1/whoami", "Cookie", cookie);
        assertThat(whoami.statusCode()).isEqualTo(200);
        assertThat(whoami.body()).contains("\"username\":\"admin\"");
    }

    @Test
    void theHomePageShowsWhoYouAreAndYourCubes() {
        String cookie = login("admin", "admin-password-1", "/");
        HttpResponse<String> home = client.get("/", "Cookie", cookie, "Accept", "text/html");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("Signed in as <strong>admin</strong>", "/api/v1/cubes/sales", "action=\"/logout\"");
    }

    @Test
    void returnToAnotherOriginIsIgnored() {
        for (String evil : new String[] {"https://evil.example/", "//evil.example/x", "/\\evil.example"}) {
            HttpResponse<String> response = postForm("/login", "username=admin&password=admin-password-1&returnTo="
                    + URLEncoder.encode(evil, StandardCharsets.UTF_8));
            assertThat(response.headers().firstValue("Location").orElseThrow()).as(evil).isIn("/", client.baseUrl() + "/");
        }
    }

    @Test
    void wrongPasswordRerendersTheFormWith401() {
        HttpResponse<String> response = postForm("/login", "username=admin&password=wrong-password");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("invalid username or password").doesNotContain("Set-Cookie");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void cookieWritesNeedSameOriginOrTheHeader() {
        String cookie = login("admin", "admin-password-1", "/");
        HttpResponse<String> forged = client.send("PUT", "/api/v1/admin/users/ivan/roles", "[\"ROLE_USER\"]", "Cookie", cookie);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("Cross-site");
        HttpResponse<String> crossOrigin = client.send("PUT", "/api/v1/admin/users/ivan/roles", "[\"ROLE_USER\"]",
                "Cookie", cookie, "Origin", "https://evil.example");
        assertThat(crossOrigin.statusCode()).isEqualTo(403);
        HttpResponse<String> sameOrigin = client.send("PUT", "/api/v1/admin/users/ivan/roles", "[\"ROLE_USER\"]",
                "Cookie", cookie, "Origin", client.baseUrl());
        assertThat(sameOrigin.statusCode()).isEqualTo(200);
        HttpResponse<String> withHeader = client.send("PUT", "/api/v1/admin/users/ivan/roles", "[\"ROLE_USER\"]",
                "Cookie", cookie, "X-Requested-With", "XMLHttpRequest");
        assertThat(withHeader.statusCode()).isEqualTo(200);
        // Header credentials are not sent by browsers on their own, so they need no CSRF check.
        assertThat(client.send("PUT", "/api/v1/admin/users/ivan/roles", "[\"ROLE_USER\"]",
                "Authorization", basic("admin", "admin-password-1")).statusCode()).isEqualTo(200);
    }

    @Test
    void anAdminOrAPasswordChangeEndsAUsersSessions() {
        String admin = basic("admin", "admin-password-1");
        assertThat(client.send("POST", "/api/v1/admin/basic-users", "{\"username\":\"sam\",\"password\":\"sam-password-1\"}",
                "Authorization", admin).statusCode()).isEqualTo(201);
        String first = login("sam", "sam-password-1", "/");
        assertThat(client.get("/api/v1/whoami", "Cookie", first).statusCode()).isEqualTo(200);
        assertThat(client.send("DELETE", "/api/v1/admin/users/sam/sessions", null, "Authorization", admin).statusCode())
                .isEqualTo(204);
        assertThat(client.get("/api/v1/whoami", "Cookie", first).statusCode()).isEqualTo(401);

        String second = login("sam", "sam-password-1", "/");
        assertThat(client.get("/api/v1/whoami", "Cookie", second).statusCode()).isEqualTo(200);
        assertThat(client.send("PUT", "/api/v1/admin/basic-users/sam/password", "{\"password\":\"sam-password-2\"}",
                "Authorization", admin).statusCode()).isEqualTo(204);
        assertThat(client.get("/api/v1/whoami", "Cookie", second).statusCode()).isEqualTo(401);
    }

    @Test
    void aTamperedCookieIsIgnored() {
        String cookie = login("admin", "admin-password-1", "/");
        String value = cookie.substring(cookie.indexOf('=') + 1);
        String tampered = "tessera_session=" + value.substring(0, 10) + (value.charAt(10) == 'A' ? 'B' : 'A') + value.substring(11);
        assertThat(client.get("/api/v1/whoami", "Cookie", tampered).statusCode()).isEqualTo(401);
        assertThat(client.get("/api/v1/whoami", "Cookie", "tessera_session=garbage").statusCode()).isEqualTo(401);
    }

    @Test
    void logoutClearsTheCookieAndACopyOfItStopsWorking() {
        String cookie = login("admin", "admin-password-1", "/");
        HttpResponse<String> logout = client.send("POST", "/logout", null, "Cookie", cookie, "Origin", client.baseUrl());
        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(logout.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("tessera_session=;") && c.contains("Max-Age=0"));
        HttpResponse<String> copied = client.get("/api/v1/whoami", "Cookie", cookie);
        assertThat(copied.statusCode()).isEqualTo(401);
        assertThat(copied.body()).contains("session has ended");
        assertThat(client.get("/api/v1/whoami", "Cookie", login("admin", "admin-password-1", "/")).statusCode()).isEqualTo(200);
        assertThat(client.send("POST", "/logout", null, "Cookie", cookie, "Origin", "https://evil.example").statusCode())
                .isEqualTo(403);
    }
}
