package dev.tessera.server;

import static dev.tessera.server.testing.TestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The foundation over HTTP: challenges, 401 vs 403, whoami, the admin API and its bad inputs, lockout, audit. */
@ExtendWith(DropwizardExtensionsSupport.class)
class FoundationIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("test-config.yml");
    static final String ADMIN = basic("admin", "admin-password-1");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestClient client;

    @BeforeEach
    void setUp() {
        client = TesseraTestApp.client(APP);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private void createUser(String username, String password) {
        HttpResponse<String> created = client.as(ADMIN, "POST", "/api/v1/admin/basic-users",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @Test
    void anonymousGets401WithAChallengeAndAProblem() throws Exception {
        HttpResponse<String> response = client.get("/api/v1/whoami");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Basic realm=\"tessera\", charset=\"UTF-8\"");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(response).path("status").asInt()).isEqualTo(401);
        assertThat(json(response).path("title").asText()).isEqualTo("Unauthorized");
    }

    @Test
    void refusedRequestsWithABodyLeaveTheConnectionUsable() {
        // The body of a refused request is never read: the connection must not carry it into the next request.
        for (int i = 0; i < 150; i++) {
            HttpResponse<String> refused = client.send("POST", "/api/v1/cubes/sales/query", "{\"measures\":[\"amount\"]}");
            assertThat(refused.statusCode()).isEqualTo(401);
        }
        assertThat(client.as(ADMIN, "POST", "/api/v1/cubes/sales/query", "{\"measures\":[\"amount\"]}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void queriesAnswerJsonUnlessCsvIsAskedFor() {
        String body = "{\"measures\":[\"amount\"],\"levels\":[\"geo.continent\"]}";
        HttpResponse<String> none = client.as(ADMIN, "POST", "/api/v1/cubes/sales/query", body);
        HttpResponse<String> wildcard = client.send("POST", "/api/v1/cubes/sales/query", body, "Authorization", ADMIN,
                "Accept", "*/*");
        HttpResponse<String> csv = client.send("POST", "/api/v1/cubes/sales/query", body, "Authorization", ADMIN,
                "Accept", "text/csv");
        assertThat(none.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(wildcard.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body()).startsWith("geo.continent,amount\r\n");
    }

    @Test
    void loginOutcomesAreCountedOnTheAdminPort() throws Exception {
        client.get("/api/v1/whoami", "Authorization", ADMIN);
        client.get("/api/v1/whoami", "Authorization", basic("nobody-at-all", "wrong-wrong"));
        client.as(ADMIN, "POST", "/api/v1/cubes/sales/query", "{\"measures\":[\"amount\"]}");
        TestClient adminPort = new TestClient("http://localhost:" + APP.getAdminPort());
        JsonNode metrics = json(adminPort.get("/metrics"));
        assertThat(metrics.path("timers").path("tessera.cubes.query.json").path("count").asLong()).isPositive();
        JsonNode meters = metrics.path("meters");
        assertThat(meters.path("tessera.auth.accepted.basic").path("count").asLong()).isPositive();
        assertThat(meters.path("tessera.auth.refused").path("count").asLong()).isPositive();
        assertThat(client.get("/metrics").statusCode()).as("metrics stay off the application port").isEqualTo(404);
    }

    @Test
    void unknownPathsAreA404ProblemForEveryone() {
        // Access is decided on the routed method: a path that routes nowhere serves nothing to anyone.
        HttpResponse<String> anonymous = client.get("/no/such/thing");
        assertThat(anonymous.statusCode()).isEqualTo(404);
        assertThat(anonymous.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(client.get("/no/such/thing", "Authorization", ADMIN).statusCode()).isEqualTo(404);
    }

    @Test
    void wrongPasswordAndUnknownUserAnswerTheSame() throws Exception {
        HttpResponse<String> wrong = client.get("/api/v1/whoami", "Authorization", basic("admin", "nope-nope"));
        HttpResponse<String> unknown = client.get("/api/v1/whoami", "Authorization", basic("nobody-at-all", "nope-nope"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(json(wrong).path("detail")).isEqualTo(json(unknown).path("detail"));
    }

    @Test
    void garbledBasicHeaderIs401NotA500() {
        HttpResponse<String> response = client.get("/api/v1/whoami", "Authorization", "Basic %%%not-base64");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("base64");
    }

    @Test
    void whoamiShowsProviderAndEffectiveRoles() throws Exception {
        JsonNode me = json(client.get("/api/v1/whoami", "Authorization", ADMIN));
        assertThat(me.path("username").asText()).isEqualTo("admin");
        assertThat(me.path("backend").asText()).isEqualTo("basic");
        assertThat(me.path("providerRoles").size()).isZero();
        assertThat(me.path("roles").toString()).contains("ROLE_ADMIN", "ROLE_USER");
    }

    @Test
    void newUserIsForbiddenUntilGrantedThenAllowedOnTheNextRequest() throws Exception {
        createUser("bob", "bob-password-1");
        String bob = basic("bob", "bob-password-1");
        assertThat(client.get("/api/v1/whoami", "Authorization", bob).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = client.get("/api/v1/cubes", "Authorization", bob);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused).path("detail").asText()).contains("ROLE_USER", "bob");
        assertThat(client.get("/api/v1/admin/users", "Authorization", bob).statusCode()).isEqualTo(403);

        assertThat(client.as(ADMIN, "PUT", "/api/v1/admin/users/bob/roles", "[\"ROLE_USER\"]").statusCode()).isEqualTo(200);
        assertThat(client.get("/api/v1/cubes", "Authorization", bob).statusCode()).isEqualTo(200);
        assertThat(json(client.get("/api/v1/whoami", "Authorization", bob)).path("roles").toString()).contains("ROLE_USER");
        assertThat(client.get("/api/v1/admin/users", "Authorization", bob).statusCode()).isEqualTo(403);
    }

    @Test
    void roleMappingAppliesToTheUsernameAndDefaultRolesCatchTheRest() throws Exception {
        createUser("carol", "carol-password-1");
        createUser("dave", "dave-password-1");
        assertThat(client.as(ADMIN, "PUT", "/api/v1/admin/role-mappings/basic/carol", "[\"ROLE_USER\",\"ROLE_FR\"]")
                .statusCode()).isEqualTo(200);
        assertThat(json(client.get("/api/v1/whoami", "Authorization", basic("carol", "carol-password-1")))
                .path("roles").toString()).contains("ROLE_USER", "ROLE_FR");
        assertThat(json(client.as(ADMIN, "GET", "/api/v1/admin/role-mappings", null)).path("basic").path("carol").size())
                .isEqualTo(2);

        assertThat(client.as(ADMIN, "PUT", "/api/v1/admin/default-roles/basic", "[\"ROLE_GUEST\"]").statusCode()).isEqualTo(200);
        assertThat(json(client.get("/api/v1/whoami", "Authorization", basic("dave", "dave-password-1")))
                .path("roles").toString()).isEqualTo("[\"ROLE_GUEST\"]");
        // Carol has roles of her own, so the default does not apply to her.
        assertThat(json(client.get("/api/v1/whoami", "Authorization", basic("carol", "carol-password-1")))
                .path("roles").toString()).doesNotContain("ROLE_GUEST");
        assertThat(client.as(ADMIN, "PUT", "/api/v1/admin/default-roles/basic", "[]").statusCode()).isEqualTo(200);
    }

    @Test
    void adminBadInputIsAProblemThatSaysWhatToFix() throws Exception {
        HttpResponse<String> unknownUser = client.as(ADMIN, "GET", "/api/v1/admin/users/ghost/roles", null);
        assertThat(unknownUser.statusCode()).isEqualTo(404);
        assertThat(unknownUser.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

        HttpResponse<String> malformed = client.as(ADMIN, "PUT", "/api/v1/admin/users/bob2/roles", "[\"ROLE_USER\"");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).path("detail").asText()).contains("not valid JSON");

        HttpResponse<String> wrongShape = client.as(ADMIN, "PUT", "/api/v1/admin/users/bob2/roles", "{\"role\":\"x\"}");
        assertThat(wrongShape.statusCode()).isEqualTo(400);

        HttpResponse<String> badRole = client.as(ADMIN, "PUT", "/api/v1/admin/users/bob2/roles", "[\"ROLE USER\"]");
        assertThat(badRole.statusCode()).isEqualTo(422);
        assertThat(json(badRole).path("errors").get(0).path("pointer").asText()).isEqualTo("/0");
        assertThat(json(badRole).path("title").asText()).isEqualTo("Unprocessable Content");

        HttpResponse<String> reserved = client.as(ADMIN, "PUT", "/api/v1/admin/restrictions/ROLE_USER",
                "{\"sales\":{\"geo.country\":[\"France\"]}}");
        assertThat(reserved.statusCode()).isEqualTo(422);
        assertThat(json(reserved).path("detail").asText()).contains("cannot carry a restriction");

        HttpResponse<String> unknownBackend = client.as(ADMIN, "PUT", "/api/v1/admin/role-mappings/nope/group", "[\"ROLE_USER\"]");
        assertThat(unknownBackend.statusCode()).isEqualTo(422);
        assertThat(json(unknownBackend).path("detail").asText()).contains("basic");

        HttpResponse<String> shortPassword = client.as(ADMIN, "POST", "/api/v1/admin/basic-users",
                "{\"username\":\"eve\",\"password\":\"short\"}");
        assertThat(shortPassword.statusCode()).isEqualTo(422);
        assertThat(json(shortPassword).path("errors").get(0).path("pointer").asText()).isEqualTo("/password");
        assertThat(json(shortPassword).path("detail").asText()).isEqualTo("/password must be 8 to 1024 characters");
        HttpResponse<String> shortNewPassword = client.as(ADMIN, "PUT", "/api/v1/admin/basic-users/admin/password",
                "{\"password\":\"short\"}");
        assertThat(shortNewPassword.statusCode()).isEqualTo(422);
        assertThat(json(shortNewPassword).path("errors").get(0).path("pointer").asText()).isEqualTo("/password");
        HttpResponse<String> hugePassword = client.as(ADMIN, "POST", "/api/v1/admin/basic-users",
                "{\"username\":\"eve\",\"password\":\"" + "x".repeat(1025) + "\"}");
        assertThat(hugePassword.statusCode()).isEqualTo(422);
        assertThat(json(hugePassword).path("errors").get(0).path("detail").asText()).isEqualTo("must be 8 to 1024 characters");

        HttpResponse<String> typo = client.as(ADMIN, "POST", "/api/v1/admin/basic-users",
                "{\"username\":\"eve\",\"password\":\"long-enough-1\",\"role\":[\"ROLE_USER\"]}");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(json(typo).path("detail").asText()).contains("'role'", "roles");

        HttpResponse<String> badLimit = client.as(ADMIN, "GET", "/api/v1/admin/audit?limit=abc", null);
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(badLimit.body()).doesNotContain("Exception");
    }

    @Test
    void everyAdminEndpointAnswersAndSaysWhenSomethingIsMissing() throws Exception {
        createUser("ivy", "ivy-password-1");
        assertThat(client.as(ADMIN, "POST", "/api/v1/admin/basic-users", "{\"username\":\"ivy\",\"password\":\"ivy-password-2\"}")
                .statusCode()).isEqualTo(409);
        assertThat(client.as(ADMIN, "PUT", "/api/v1/admin/users/ivy/roles", "[\"ROLE_USER\",\"ROLE_X\"]").statusCode()).isEqualTo(200);
        JsonNode users = json(client.as(ADMIN, "GET", "/api/v1/admin/users", null));
        JsonNode ivy = null;
        for (JsonNode user : users) {
            if (user.path("username").asText().equals("ivy")) {
                ivy = user;
            }
        }
        assertThat(ivy).isNotNull();
        assertThat(ivy.path("roles").toString()).isEqualTo("[\"ROLE_USER\",\"ROLE_X\"]");

        assertThat(client.as(ADMIN, "DELETE", "/api/v1/admin/users/ivy/roles/ROLE_X", null).statusCode()).isEqualTo(204);
        assertThat(client.as(ADMIN, "DELETE", "/api/v1/admin/users/ivy/roles/ROLE_X", null).statusCode()).isEqualTo(404);
        assertThat(client.as(ADMIN, "DELETE", "/api/v1/admin/users/ivy/roles", null).statusCode()).isEqualTo(204);
        assertThat(json(client.as(ADMIN, "GET", "/api/v1/admin/users/ivy/roles", null)).size()).isZero();
        assertThat(client.as(ADMIN, "DELETE", "/api/v1/admin/users/nobody-here/roles", null).statusCode()).isEqualTo(404);

        assertThat(client.as(ADMIN, "PUT", "/api/v1/admin/role-mappings/basic/ivy", "[\"ROLE_USER\"]").statusCode()).isEqualTo(200);
        assertThat(client.as(ADMIN, "DELETE", "/api/v1/admin/role-mappings/basic/ivy", null).statusCode()).isEqualTo(204);
        assertThat(client.as(ADMIN, "DELETE", "/api/v1/admin/role-mappings/basic/ivy", null).statusCode()).isEqualTo(404);
        assertThat(json(client.as(ADMIN, "GET", "/api/v1/admin/default-roles", null)).has("basic")).isTrue();
        assertThat(client.as(ADMIN, "GET", "/api/v1/admin/default-roles/nope", null).statusCode()).isEqualTo(422);

        assertThat(client.as(ADMIN, "PUT", "/api/v1/admin/basic-users/nobody-here/password", "{\"password\":\"long-enough-1\"}")
                .statusCode()).isEqualTo(404);
        assertThat(client.as(ADMIN, "DELETE", "/api/v1/admin/basic-users/nobody-here", null).statusCode()).isEqualTo(404);
        HttpResponse<String> unknownCube = client.as(ADMIN, "PUT", "/api/v1/admin/restrictions/ROLE_X", "{\"nope\":\"all\"}");
        assertThat(unknownCube.statusCode()).isEqualTo(422);
        assertThat(json(unknownCube).path("errors").get(0).path("pointer").asText()).isEqualTo("/nope");
    }

    @Test
    void restrictionsAreStoredAndListed() throws Exception {
        assertThat(client.as(ADMIN, "PUT", "/api/v1/admin/restrictions/ROLE_FR",
                "{\"sales\":{\"geo.country\":[\"France\"]}}").statusCode()).isEqualTo(200);
        assertThat(json(client.as(ADMIN, "GET", "/api/v1/admin/restrictions", null)).path("ROLE_FR").toString())
                .isEqualTo("{\"sales\":{\"geo.country\":[\"France\"]}}");
        assertThat(client.as(ADMIN, "DELETE", "/api/v1/admin/restrictions/ROLE_FR", null).statusCode()).isEqualTo(204);
        assertThat(client.as(ADMIN, "DELETE", "/api/v1/admin/restrictions/ROLE_FR", null).statusCode()).isEqualTo(404);
    }

    @Test
    void repeatedFailuresLockTheUsernameAndAreAudited() throws Exception {
        createUser("mallory", "mallory-password-1");
        for (int i = 0; i < 3; i++) {
            client.get("/api/v1/whoami", "Authorization", basic("mallory", "guess-" + i));
        }
        HttpResponse<String> locked = client.get("/api/v1/whoami", "Authorization", basic("mallory", "mallory-password-1"));
        assertThat(locked.statusCode()).isEqualTo(401);
        assertThat(json(locked).path("detail").asText()).contains("too many failed attempts");

        JsonNode refused = json(client.as(ADMIN, "GET", "/api/v1/admin/audit?action=login.refused&limit=50", null));
        List<String> targets = new ArrayList<>();
        refused.forEach(entry -> targets.add(entry.path("target").asText()));
        assertThat(targets).contains("mallory");
    }

    @Test
    void adminChangesAreAuditedWithWhoAndWhen() throws Exception {
        client.as(ADMIN, "PUT", "/api/v1/admin/users/frank/roles/ROLE_AUDITED", null);
        JsonNode entries = json(client.as(ADMIN, "GET", "/api/v1/admin/audit?action=user.roles.grant", null));
        JsonNode entry = null;
        for (JsonNode candidate : entries) {
            if (candidate.path("target").asText().equals("frank")) {
                entry = candidate;
            }
        }
        assertThat(entry).isNotNull();
        assertThat(entry.path("actor").asText()).isEqualTo("admin");
        assertThat(entry.path("detail").asText()).isEqualTo("ROLE_AUDITED");
        assertThat(entry.path("at").isMissingNode()).isFalse();
    }

    @Test
    void concurrentGrantsByTwoAdminsLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> grants = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String role = "ROLE_C" + i;
                grants.add(() -> client.as(ADMIN, "PUT", "/api/v1/admin/users/grace/roles/" + role, null).statusCode());
            }
            for (Future<Integer> status : pool.invokeAll(grants)) {
                assertThat(status.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(json(client.as(ADMIN, "GET", "/api/v1/admin/users/grace/roles", null)).size()).isEqualTo(24);
    }

    @Test
    void aChangedPasswordStopsTheOldOneAtOnce() {
        createUser("heidi", "heidi-password-1");
        String old = basic("heidi", "heidi-password-1");
        assertThat(client.get("/api/v1/whoami", "Authorization", old).statusCode()).isEqualTo(200);
        assertThat(client.as(ADMIN, "PUT", "/api/v1/admin/basic-users/heidi/password", "{\"password\":\"heidi-password-2\"}")
                .statusCode()).isEqualTo(204);
        assertThat(client.get("/api/v1/whoami", "Authorization", old).statusCode()).isEqualTo(401);
        assertThat(client.get("/api/v1/whoami", "Authorization", basic("heidi", "heidi-password-2")).statusCode()).isEqualTo(200);
        assertThat(client.as(ADMIN, "DELETE", "/api/v1/admin/basic-users/heidi", null).statusCode()).isEqualTo(204);
        assertThat(client.get("/api/v1/whoami", "Authorization", basic("heidi", "heidi-password-2")).statusCode()).isEqualTo(401);
    }
}
