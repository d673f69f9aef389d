package dev.tessera.server.auth;

import static dev.tessera.server.testing.TestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One person, one identity: every spelling a directory would match (case, fullwidth forms, surrounding spaces) is
 * the same user for grants, lockout and audit; and a name from one backend never inherits another backend's
 * account ({@code corp} and {@code corp-too} are declared to name the same people, {@code partner} is not).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class IdentityIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("identity-config.yml");
    static final String ADMIN = basic("admin", "admin-password-1");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestClient client;

    @BeforeEach
    void setUp() {
        client = TesseraTestApp.client(APP);
    }

    private void createLocalUser(String username, String password, String... roles) {
        HttpResponse<String> created = client.as(ADMIN, "POST", "/api/v1/admin/basic-users",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"roles\":"
                        + rolesJson(roles) + "}");
        assertThat(created.statusCode()).as(created.body()).isIn(201, 409);
    }

    private static String rolesJson(String... roles) {
        return roles.length == 0 ? "[]" : "[\"" + String.join("\",\"", roles) + "\"]";
    }

    private HttpResponse<String> whoami(String authorization) {
        return client.get("/api/v1/whoami", "Authorization", authorization);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "ALICE", "Alice", " alice", "alice ", "ａｌｉｃｅ", "ＡＬＩＣＥ", "ａlice"})
    void everySpellingOfALocalUserIsThatUserWithHerGrants(String spelling) throws Exception {
        createLocalUser("alice", "alice-password-1", "ROLE_USER");
        client.as(ADMIN, "PUT", "/api/v1/admin/users/%EF%BD%81lice%20/roles/ROLE_FRANCE", null);  // "ａlice "
        HttpResponse<String> me = whoami(basic(spelling, "alice-password-1"));
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(json(me).path("username").asText()).isEqualTo("alice");
        assertThat(json(me).path("roles").toString()).contains("ROLE_USER", "ROLE_FRANCE");
    }

    @Test
    void theAdminApiKeysGrantsUnderTheCanonicalName() throws Exception {
        createLocalUser("Zoé", "zoe-password-1");                    // local users are case-insensitive: zoé
        // fullwidth ｚｏ + é, and a space around it: NFKC and trimming make it zoé
        HttpResponse<String> granted = client.as(ADMIN, "PUT", "/api/v1/admin/users/%20%EF%BD%9A%EF%BD%8F%C3%A9%20/roles/ROLE_USER", null);
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        HttpResponse<String> roles = client.as(ADMIN, "GET", "/api/v1/admin/users/zo%C3%A9/roles", null);
        assertThat(json(roles).toString()).contains("ROLE_USER");
        HttpResponse<String> users = client.as(ADMIN, "GET", "/api/v1/admin/users", null);
        assertThat(users.body()).contains("\"zoé\"").doesNotContain("Zoé").doesNotContain("ｚｏé");
    }

    @Test
    void theLockoutCountsEverySpellingAsOneAccount() {
        createLocalUser("bob", "bob-password-1", "ROLE_USER");
        for (String spelling : List.of("BOB", "ｂｏｂ", " bob ")) {
            assertThat(whoami(basic(spelling, "wrong-password")).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = whoami(basic("bob", "bob-password-1"));
        assertThat(locked.statusCode()).isEqualTo(401);
        assertThat(locked.body()).contains("too many failed attempts");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hdr:admin", "hdr:admin\t", "ptn:admin", "oth:admin"})
    void aProviderAccountNamedLikeTheLocalAdminIsRefusedNotMadeAdmin(String token) throws Exception {
        HttpResponse<String> me = whoami("Bearer " + token);
        assertThat(me.statusCode()).as(me.body()).isEqualTo(403);
        assertThat(json(me).path("detail").asText()).contains("belongs to another sign-in", "/backends/");
        HttpResponse<String> admin = client.get("/api/v1/admin/users", "Authorization", "Bearer " + token);
        assertThat(admin.statusCode()).isEqualTo(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hdr:ADMIN", "ptn:Admin", "oth:aDMIN"})
    void aNameThatDiffersInCaseOnACaseSensitiveBackendIsAnotherPersonWithoutTheGrants(String token) throws Exception {
        // The header backends keep case: ADMIN is not admin there, and gets none of admin's roles.
        HttpResponse<String> me = whoami("Bearer " + token);
        assertThat(me.statusCode()).as(me.body()).isIn(200, 403);
        assertThat(me.body()).doesNotContain("ROLE_ADMIN");
        assertThat(client.get("/api/v1/admin/users", "Authorization", "Bearer " + token).statusCode()).isEqualTo(403);
    }

    @Test
    void anAdminLinksTwoSignInsOfOnePersonAndCanUndoIt() throws Exception {
        createLocalUser("carol", "carol-password-1", "ROLE_USER");
        assertThat(whoami("Bearer ptn:carol").statusCode()).isEqualTo(403);

        HttpResponse<String> linked = client.as(ADMIN, "PUT", "/api/v1/admin/users/%EF%BD%83arol/backends/partner", null);
        assertThat(linked.statusCode()).as(linked.body()).isEqualTo(200);
        assertThat(json(linked).toString()).contains("basic", "partner");
        HttpResponse<String> me = whoami("Bearer ptn:carol");
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(json(me).path("roles").toString()).contains("ROLE_USER");
        assertThat(json(me).path("boundBackends").toString()).contains("basic", "partner");

        assertThat(client.as(ADMIN, "DELETE", "/api/v1/admin/users/carol/backends/partner", null).statusCode())
                .isEqualTo(204);
        assertThat(whoami("Bearer ptn:carol").statusCode()).isEqualTo(403);
        assertThat(client.as(ADMIN, "PUT", "/api/v1/admin/users/carol/backends/nowhere", null).statusCode())
                .isEqualTo(422);
    }

    @Test
    void theFirstBackendToSignANameInOwnsItAndGroupedBackendsShareIt() throws Exception {
        client.as(ADMIN, "PUT", "/api/v1/admin/users/dave/roles/ROLE_USER", null);
        HttpResponse<String> first = whoami("Bearer hdr:dave");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(json(first).path("boundBackends").toString()).isEqualTo("[\"corp\"]");
        assertThat(whoami("Bearer oth:dave").statusCode()).as("corp-too names the same people as corp").isEqualTo(200);
        assertThat(whoami("Bearer ptn:dave").statusCode()).as("partner does not").isEqualTo(403);
        assertThat(whoami(basic("dave", "any-password-1")).statusCode()).isEqualTo(401);
    }

    @Test
    void aNameTooLongOrEmptyFromAProviderIsRefusedNot500() throws Exception {
        HttpResponse<String> tooLong = whoami("Bearer hdr:" + "x".repeat(300));
        assertThat(tooLong.statusCode()).isEqualTo(401);
        assertThat(json(tooLong).path("detail").asText()).contains("255");
        assertThat(whoami(basic("y".repeat(300), "some-password")).statusCode()).isEqualTo(401);
        HttpResponse<String> admin = client.as(ADMIN, "PUT", "/api/v1/admin/users/" + "z".repeat(300) + "/roles/ROLE_USER", null);
        assertThat(admin.statusCode()).isEqualTo(422);
    }
}
