package dev.tessera.server;

import static dev.tessera.server.testing.TestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every kind of answer on the application port carries the browser-hardening headers: JSON, CSV, HTML pages,
 * errors from mappers, from the authentication filter (which aborts before any resource) and from Jetty itself,
 * and redirects.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ResponseHeadersIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("test-config.yml");
    static final String ADMIN = basic("admin", "admin-password-1");
    static final String CSP = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; "
            + "object-src 'none'";
    static final String QUERY = "{\"measures\":[\"amount\"],\"levels\":[\"geo.continent\"]}";

    private final TestClient client = TesseraTestApp.client(APP);

    /** The headers every answer carries, each exactly once. */
    private static void assertHardened(HttpResponse<String> response, int status) {
        assertThat(response.headers().allValues("Cache-Control")).as(response.uri().getPath()).containsExactly("no-store");
        assertHardenedBesidesCaching(response, status);
    }

    private static void assertHardenedBesidesCaching(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        String what = response.request().method() + " " + response.uri().getPath() + " -> " + status;
        assertThat(response.headers().allValues("X-Content-Type-Options")).as(what).containsExactly("nosniff");
        assertThat(response.headers().allValues("Content-Security-Policy")).as(what).containsExactly(CSP);
        assertThat(response.headers().allValues("X-Frame-Options")).as(what).containsExactly("DENY");
        assertThat(response.headers().allValues("Referrer-Policy")).as(what).containsExactly("no-referrer");
    }

    private HttpResponse<String> postForm(String path, String form) {
        return client.send("POST", path, form, "Content-Type", "application/x-www-form-urlencoded");
    }

    private String sessionCookie() {
        HttpResponse<String> login = postForm("/login", "username=admin&password=admin-password-1&returnTo=%2F");
        String setCookie = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("tessera_session=")).findFirst().orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void jsonAndCsvAnswers() {
        assertHardened(client.get("/api/v1/whoami", "Authorization", ADMIN), 200);
        // Query answers may be kept by the browser, for ETag revalidation only, never by a shared cache.
        HttpResponse<String> json = client.as(ADMIN, "POST", "/api/v1/cubes/sales/query", QUERY);
        assertHardenedBesidesCaching(json, 200);
        assertThat(json.headers().allValues("Cache-Control")).containsExactly("private, no-cache");
        HttpResponse<String> csv = client.send("POST", "/api/v1/cubes/sales/query", QUERY, "Authorization", ADMIN,
                "Accept", "text/csv");
        assertHardenedBesidesCaching(csv, 200);
        assertThat(csv.headers().allValues("Cache-Control")).containsExactly("private, no-cache");
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    }

    @Test
    void htmlPages() {
        assertHardened(client.get("/login"), 200);
        assertHardened(client.get("/login?loggedOut=1"), 200);
        assertHardened(client.get("/", "Cookie", sessionCookie(), "Accept", "text/html"), 200);
        // The OIDC round trip's error pages (no provider of that name here).
        assertHardened(client.get("/login/oauth2/authorization/nope"), 404);
        assertHardened(client.get("/login/oauth2/code/nope?code=x&state=y"), 404);
    }

    @Test
    void pagesKeepTheirLookUnderTheStrictPolicy() {
        // default-src 'self' refuses inline <style> and style="": the pages link one stylesheet served here.
        for (HttpResponse<String> page : List.of(client.get("/login"),
                client.get("/", "Cookie", sessionCookie(), "Accept", "text/html"),
                client.get("/login/oauth2/authorization/nope"))) {
            assertThat(page.body()).as(page.uri().getPath())
                    .contains("<link rel=\"stylesheet\" href=\"/assets/tessera.css\">")
                    .doesNotContain("<style", "style=", "<script");
        }
        HttpResponse<String> css = client.get("/assets/tessera.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
        assertThat(css.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
        assertThat(css.body()).contains("font-family");
        // The stylesheet holds no user data: it may be cached, but is checked again each time (ETag).
        assertThat(css.headers().allValues("Cache-Control")).containsExactly("no-cache");
    }

    @Test
    void errorsFromTheAuthenticationFilterAndFromMappers() {
        assertHardened(client.get("/api/v1/whoami"), 401);                                           // aborted, no credentials
        assertHardened(client.get("/api/v1/whoami", "Authorization", basic("admin", "wrong-one")), 401);
        assertHardened(client.get("/api/v1/whoami", "Authorization", "Basic %%%"), 401);
        assertHardened(client.get("/no/such/thing", "Authorization", ADMIN), 404);
        assertHardened(client.send("DELETE", "/api/v1/whoami", null, "Authorization", ADMIN), 405);
        assertHardened(client.as(ADMIN, "POST", "/api/v1/cubes/sales/query", "{\"measures\":"), 400);
        assertHardened(client.as(ADMIN, "POST", "/api/v1/cubes/sales/query", "{\"measures\":[\"nope\"]}"), 422);
        assertThat(client.as(ADMIN, "POST", "/api/v1/admin/basic-users",
                "{\"username\":\"hal\",\"password\":\"hal-password-1\"}").statusCode()).isEqualTo(201);
        assertHardened(client.get("/api/v1/cubes", "Authorization", basic("hal", "hal-password-1")), 403);  // aborted, no role
    }

    @Test
    void jettysOwnErrorPages() {
        for (HttpResponse<String> refused : List.of(
                client.get("/api/v1/%2e%2e/whoami", "Authorization", ADMIN),                       // refused before routing
                client.get("/api/v1/who%C0%AFami", "Authorization", ADMIN),
                client.get("/login", "X-Padding", "a".repeat(20_000)))) {                         // headers too large
            assertHardenedBesidesCaching(refused, refused.statusCode() == 431 ? 431 : 400);
            // Jetty writes its own "must-revalidate,no-cache,no-store" on some of these.
            assertThat(refused.headers().allValues("Cache-Control")).singleElement().asString().contains("no-store");
        }
    }

    @Test
    void redirectsAndCookieSettingAnswers() {
        assertHardened(client.get("/api/v1/whoami", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8"), 303); // to login
        HttpResponse<String> login = postForm("/login", "username=admin&password=admin-password-1&returnTo=%2F");
        assertHardened(login, 303);
        assertThat(login.headers().allValues("Set-Cookie")).isNotEmpty();
        assertHardened(postForm("/login", "username=admin&password=wrong-one"), 401);
        assertHardened(client.send("POST", "/logout", null, "Cookie", sessionCookie(), "Origin", client.baseUrl()), 303);
    }
}
