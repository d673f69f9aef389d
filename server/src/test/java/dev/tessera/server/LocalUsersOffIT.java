package dev.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A server none of whose backends keeps local users: the Basic users API says so and what to add, rather than store
 * users nobody could sign in as, and no first admin is made.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LocalUsersOffIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("header-only-config.yml");
    private static final String ADMIN = "Bearer hdr:root:admins";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theBasicUsersApiSaysNoBackendKeepsLocalUsers() throws Exception {
        TestClient client = TesseraTestApp.client(APP);
        for (HttpResponse<String> response : List.of(
                client.as(ADMIN, "POST", "/api/v1/admin/basic-users", "{\"username\":\"bob\",\"password\":\"bob-password-1\"}"),
                client.as(ADMIN, "PUT", "/api/v1/admin/basic-users/bob/password", "{\"password\":\"bob-password-2\"}"),
                client.as(ADMIN, "DELETE", "/api/v1/admin/basic-users/bob", null))) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("detail").asText()).contains("keeps no local users").contains("type: basic");
        }
        assertThat(client.as(ADMIN, "GET", "/api/v1/admin/users", null).body()).doesNotContain("\"admin\"");
    }
}
