package dev.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where the browser goes after a correct login: the asked path when it is a clean path of this origin, otherwise
 * the home page; never another site, never an error.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ReturnToIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("test-config.yml");

    private final TestClient client = TesseraTestApp.client(APP);

    private HttpResponse<String> login(String returnTo) {
        return client.send("POST", "/login", "username=admin&password=admin-password-1&returnTo="
                + URLEncoder.encode(returnTo, StandardCharsets.UTF_8), "Content-Type", "application/x-www-form-urlencoded");
    }

    private String location(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.startsWith(client.baseUrl()) ? location.substring(client.baseUrl().length()) : location;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/a b", "/%", "/%zz", "/%C0%AF", "/caf\u00e9", "/\u202e/evil", "//evil.example/x", "/\\evil.example",
        "\\\\evil.example", "/login", "/login?returnTo=//evil.example", "/logout", "/%6Cogin", "/a/../login",
        "/./x", "/x\r\nSet-Cookie: a=b", "/x\u0000", "/x\ty", "https://evil.example/", "javascript:alert(1)",
        "evil.example", "", "/x#frag", "/x;jsessionid=1", "/%2F%2Fevil.example", "/%5Cevil"})
    void anythingButACleanPathOfThisOriginGoesHome(String returnTo) {
        assertThat(location(login(returnTo))).as(returnTo).isEqualTo("/");
        HttpResponse<String> page = client.get("/login?returnTo=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8));
        assertThat(page.statusCode()).as(returnTo).isEqualTo(200);
        assertThat(page.body()).as(returnTo).contains("name=\"returnTo\" value=\"/\"");
    }

    @ParameterizedTest
    @ValueSource(ints = {2048, 5000, 100_000})
    void veryLongPathsGoHome(int length) {
        String returnTo = "/" + "a".repeat(length);
        assertThat(location(login(returnTo))).isEqualTo("/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/v1/whoami", "/api/v1/cubes/sales?x=1&y=a%20b", "/api/v1/cubes/caf%C3%A9",
        "/api/v1/cubes/sales/members/geo.country?q=fr&limit=10", "/logins-report", "/a-b_c~d!$&'()*+,=:@"})
    void aCleanPathIsKept(String returnTo) {
        assertThat(location(login(returnTo))).isEqualTo(returnTo);
    }
}
