package dev.tessera.server.ldap;

import static dev.tessera.server.testing.TestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.auth.ldap.testing.LdapDirectoryFixture;
import dev.tessera.server.testing.TestClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real application with an LDAP backend named {@code corp} in the chain after Basic, against
 * {@link LdapDirectoryFixture} over TCP. The backend's first URL is a closed port, so every login here also
 * proves failover to the second URL. Users are split between tests so that no test depends on another's
 * cached login or role changes.
 */
class LdapServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INJECTION = "*)(uid=*))(|(uid=*";

    private static LdapDirectoryFixture directory;
    private static String closedUrl;
    private static LdapTessera tessera;
    private static TestClient client;

    @BeforeAll
    static void start() throws Exception {
        directory = LdapDirectoryFixture.start();
        try (ServerSocket probe = new ServerSocket(0)) {
            closedUrl = "ldap://127.0.0.1:" + probe.getLocalPort();
        }
        tessera = LdapTessera.start(List.of(closedUrl, directory.ldapUrl()));
        client = tessera.client();
    }

    @AfterAll
    static void stop() throws IOException {
        if (tessera != null) {
            tessera.close();
        }
        if (directory != null) {
            directory.close();
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static JsonNode whoami(String authorization) throws IOException {
        HttpResponse<String> response = client.get("/api/v1/whoami", "Authorization", authorization);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static HttpResponse<String> postLogin(String username, String password) {
        return client.send("POST", "/login", "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                        + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&returnTo=%2Fapi%2Fv1%2Fwhoami",
                "Content-Type", "application/x-www-form-urlencoded");
    }

    private static List<JsonNode> audit(String action, String target) throws IOException {
        JsonNode entries = json(client.as(LdapTessera.ADMIN, "GET", "/api/v1/admin/audit?limit=1000&action=" + action, null));
        List<JsonNode> matching = new ArrayList<>();
        entries.forEach(entry -> {
            if (entry.path("target").asText().equals(target)) {
                matching.add(entry);
            }
        });
        return matching;
    }

    @Test
    void basicLoginShowsTheBackendGroupsAndTheSeededMapping() throws Exception {
        JsonNode alice = whoami(basic("Alice", "alice-secret"));
        assertThat(alice.path("username").asText()).isEqualTo("alice"); // usernameCaseConversion: lower
        assertThat(alice.path("backend").asText()).isEqualTo("corp");
        assertThat(strings(alice.path("providerRoles"))).containsExactly("admins", "analysts");
        assertThat(strings(alice.path("roles"))).containsExactly("ROLE_ANALYST", "ROLE_USER"); // analysts, from config
        assertThat(alice.path("attributes").path("email").asText()).isEqualTo("alice@example.org");
        // A provider role named like an admin group gives no admin rights unless mapped.
        assertThat(client.get("/api/v1/admin/audit", "Authorization", basic("alice", "alice-secret")).statusCode())
                .isEqualTo(403);
        assertThat(client.get("/api/v1/cubes", "Authorization", basic("alice", "alice-secret")).statusCode())
                .isNotIn(401, 403);
    }

    /**
     * Every spelling the directory binds (case, spaces, fullwidth forms where it matches them) is alice herself, with
     * the grant an admin gave to "alice"; one it does not bind is refused. Never an identity spelled as typed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"alice", "ALICE", "aLiCe", " alice ", "alice\u3000", "ａｌｉｃｅ", "ＡＬＩＣＥ"})
    void everySpellingTheDirectoryBindsIsAliceWithHerGrants(String spelling) throws Exception {
        client.as(LdapTessera.ADMIN, "PUT", "/api/v1/admin/users/alice/roles/ROLE_FRANCE", null);
        HttpResponse<String> response = client.get("/api/v1/whoami", "Authorization", basic(spelling, "alice-secret"));
        assertThat(response.statusCode()).as(response.body()).isIn(200, 401);
        if (response.statusCode() == 200) {
            assertThat(json(response).path("username").asText()).isEqualTo("alice");
            assertThat(strings(json(response).path("roles"))).contains("ROLE_FRANCE");
        }
    }

    @Test
    void nestedGroupMappedAtRuntimeCountsOnTheNextRequest() throws Exception {
        String carol = basic("carol", "carol-secret");
        JsonNode before = whoami(carol);
        assertThat(strings(before.path("providerRoles"))).containsExactly("engineering", "everyone", "platform");
        assertThat(strings(before.path("roles"))).isEmpty();
        assertThat(client.get("/api/v1/cubes", "Authorization", carol).statusCode()).isEqualTo(403);

        // everyone holds engineering, which holds platform, which holds carol: two levels of nesting.
        tessera.admin("PUT", "/api/v1/admin/role-mappings/corp/everyone", "[\"ROLE_USER\",\"ROLE_ENGINEER\"]");
        try {
            assertThat(strings(whoami(carol).path("roles"))).containsExactly("ROLE_ENGINEER", "ROLE_USER");
            assertThat(client.get("/api/v1/cubes", "Authorization", carol).statusCode()).isNotIn(401, 403);
            assertThat(json(client.as(LdapTessera.ADMIN, "GET", "/api/v1/admin/role-mappings", null))
                    .path("corp").path("analysts").toString()).isEqualTo("[\"ROLE_ANALYST\",\"ROLE_USER\"]");
        } finally {
            assertThat(client.as(LdapTessera.ADMIN, "DELETE", "/api/v1/admin/role-mappings/corp/everyone", null)
                    .statusCode()).isEqualTo(204);
        }
        assertThat(strings(whoami(carol).path("roles"))).isEmpty();
    }

    @Test
    void aUserInNoMappedGroupGetsTheDefaultRolesElse403() throws Exception {
        String dave = basic("dave", "dave-secret");
        JsonNode me = whoami(dave);
        assertThat(strings(me.path("providerRoles"))).isEmpty();
        assertThat(strings(me.path("roles"))).isEmpty();
        HttpResponse<String> refused = client.get("/api/v1/cubes", "Authorization", dave);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(refused).path("detail").asText())
                .contains("'dave'", "'corp'", "ROLE_USER", "administrator", "/api/v1/whoami");

        tessera.admin("PUT", "/api/v1/admin/default-roles/corp", "[\"ROLE_USER\"]");
        try {
            assertThat(strings(whoami(dave).path("roles"))).containsExactly("ROLE_USER");
            assertThat(client.get("/api/v1/cubes", "Authorization", dave).statusCode()).isNotIn(401, 403);
            // Default roles are for users nothing else maps: alice keeps exactly her mapped roles.
            assertThat(strings(whoami(basic("alice", "alice-secret")).path("roles")))
                    .containsExactly("ROLE_ANALYST", "ROLE_USER");
        } finally {
            tessera.admin("PUT", "/api/v1/admin/default-roles/corp", "[]");
        }
        assertThat(client.get("/api/v1/cubes", "Authorization", dave).statusCode()).isEqualTo(403);
    }

    /** The admin console's user list: what the directory supplied at the last sign-in, and the roles that makes. */
    @Test
    void theUserListShowsProviderRolesAndEffectiveRoles() throws Exception {
        whoami(basic("bob", "bob-secret"));
        tessera.admin("PUT", "/api/v1/admin/users/bob/roles/ROLE_LEDGER", null);
        tessera.admin("PUT", "/api/v1/admin/users/never-seen/roles/ROLE_USER", null);
        try {
            JsonNode bob = listedUser("bob");
            assertThat(strings(bob.path("providerRoles"))).containsExactly("analysts");
            assertThat(bob.hasNonNull("providerRolesAt")).isTrue();
            assertThat(strings(bob.path("roles"))).containsExactly("ROLE_LEDGER");
            assertThat(strings(bob.path("effectiveRoles"))).containsExactly("ROLE_ANALYST", "ROLE_LEDGER", "ROLE_USER");
            assertThat(strings(whoami(basic("bob", "bob-secret")).path("roles")))
                    .containsExactlyElementsOf(strings(bob.path("effectiveRoles")));

            JsonNode admin = listedUser("admin");
            assertThat(admin.path("lastBackend").asText()).isEqualTo("basic");
            assertThat(strings(admin.path("providerRoles"))).isEmpty();
            assertThat(strings(admin.path("effectiveRoles"))).contains("ROLE_ADMIN");

            JsonNode neverSeen = listedUser("never-seen");
            assertThat(neverSeen.path("providerRoles").isNull()).isTrue();
            assertThat(neverSeen.path("effectiveRoles").isNull()).isTrue();
        } finally {
            client.as(LdapTessera.ADMIN, "DELETE", "/api/v1/admin/users/bob/roles/ROLE_LEDGER", null);
        }
    }

    private static JsonNode listedUser(String username) throws IOException {
        for (JsonNode user : json(client.as(LdapTessera.ADMIN, "GET", "/api/v1/admin/users", null))) {
            if (user.path("username").asText().equals(username)) {
                return user;
            }
        }
        throw new AssertionError(username + " is not in the user list");
    }

    @Test
    void formLoginGivesACookieThatAuthenticates() throws Exception {
        HttpResponse<String> login = postLogin("bob", "bob-secret");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/api/v1/whoami");
        String setCookie = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("tessera_session=")).findFirst().orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        HttpResponse<String> response = client.get("/api/v1/whoami", "Cookie", cookie);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode bob = json(response);
        assertThat(bob.path("username").asText()).isEqualTo("bob");
        assertThat(bob.path("backend").asText()).isEqualTo("corp");
        assertThat(strings(bob.path("providerRoles"))).containsExactly("analysts");
        assertThat(strings(bob.path("roles"))).containsExactly("ROLE_ANALYST", "ROLE_USER");

        HttpResponse<String> wrong = postLogin("bob", "not-bobs-password");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void wrongPasswordIs401WithABasicChallengeAndIsAudited() throws Exception {
        int before = audit("login.refused", "bob").size();
        HttpResponse<String> response = client.get("/api/v1/whoami", "Authorization", basic("bob", "wrong-password"));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().allValues("WWW-Authenticate")).singleElement()
                .satisfies(challenge -> assertThat(challenge).startsWith("Basic "));
        assertThat(json(response).path("status").asInt()).isEqualTo(401);
        List<JsonNode> refusals = audit("login.refused", "bob");
        assertThat(refusals).hasSize(before + 1);
        assertThat(refusals.get(0).path("actor").asText()).isEqualTo("anonymous");
    }

    @Test
    void injectionStringsAndEmptyPasswordsAuthenticateNoOne() {
        for (String username : List.of(INJECTION, "*", "ali*", "alice)(uid=*")) {
            HttpResponse<String> response = client.get("/api/v1/whoami", "Authorization", basic(username, "alice-secret"));
            assertThat(response.statusCode()).as(username).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(username).isPresent();
        }
        int binds = directory.bindRequestCount();
        assertThat(client.get("/api/v1/whoami", "Authorization", basic("alice", "")).statusCode()).isEqualTo(401);
        assertThat(directory.bindRequestCount()).as("an empty password never reaches the directory").isEqualTo(binds);
        assertThat(postLogin(INJECTION, "alice-secret").statusCode()).isEqualTo(401);
    }

    @Test
    void theFirstUrlIsClosedAndTheSecondServes() {
        URI address = URI.create(closedUrl);
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address.getHost(), address.getPort()), 500);
            }
        }).isInstanceOf(IOException.class);
        assertThat(client.get("/api/v1/whoami", "Authorization", basic("bob", "bob-secret")).statusCode()).isEqualTo(200);
    }

    @Test
    void directoryDownIs503WithRetryAfterAndAuditedThenRecovers() throws Exception {
        // ann(qa) logs in nowhere else, so no cached success hides the outage.
        String ann = basic("ann(qa)", "ann-secret");
        directory.stop();
        try {
            HttpResponse<String> down = client.get("/api/v1/whoami", "Authorization", ann);
            assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
            assertThat(down.headers().firstValue("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
            assertThat(down.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json(down).path("detail").asText()).contains("'corp'");
            // A wrong password cannot be told from a right one while the directory is away: 503, not 401.
            assertThat(client.get("/api/v1/whoami", "Authorization", basic("ann(qa)", "guess")).statusCode())
                    .isEqualTo(503);
            HttpResponse<String> form = postLogin("ann(qa)", "ann-secret");
            assertThat(form.statusCode()).isEqualTo(503);
            assertThat(form.headers().firstValue("Retry-After")).isPresent();
            assertThat(audit("login.unavailable", "ann(qa)")).isNotEmpty()
                    .allSatisfy(entry -> assertThat(entry.path("detail").asText()).isEqualTo("corp"));
        } finally {
            directory.restart();
        }
        JsonNode back = whoami(ann);
        assertThat(back.path("username").asText()).isEqualTo("ann(qa)");
        assertThat(back.path("backend").asText()).isEqualTo("corp");
    }

    /**
     * Each LDAP login first fails in the Basic backend (the user has no local password). That must not count as a
     * failed attempt: the lockout is the chain's, and counts only passwords every backend refused.
     */
    @Test
    void successfulDirectoryLoginsNeverLockTheNameInBasic() throws Exception {
        String lee = basic("lee,jr", "lee-secret");
        for (int i = 0; i < 6; i++) {
            assertThat(client.get("/api/v1/whoami", "Authorization", lee).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> typo = client.get("/api/v1/whoami", "Authorization", basic("lee,jr", "lee-secreT"));
        assertThat(typo.statusCode()).isEqualTo(401);
        assertThat(json(typo).path("detail").asText()).doesNotContain("too many failed attempts");
        assertThat(audit("login.refused", "lee,jr").get(0).path("detail").asText()).contains("corp");
    }

    @Test
    void guessingADirectoryPasswordLocksTheNameAcrossTheChain() throws Exception {
        directory.server().add("dn: uid=eve,ou=people,dc=example,dc=org", "objectClass: inetOrgPerson", "uid: eve",
                "cn: Eve", "sn: Guesser", "userPassword: eve-secret");
        // auth.lockout defaults: 5 failed passwords in a row lock the name for 5 minutes.
        for (int i = 1; i <= 5; i++) {
            assertThat(client.get("/api/v1/whoami", "Authorization", basic("eve", "guess-" + i)).statusCode())
                    .isEqualTo(401);
        }
        HttpResponse<String> locked = client.get("/api/v1/whoami", "Authorization", basic("eve", "eve-secret"));
        assertThat(locked.statusCode()).isEqualTo(401);
        assertThat(json(locked).path("detail").asText()).contains("too many failed attempts");
        assertThat(audit("login.locked", "eve")).hasSize(1);
        assertThat(postLogin("eve", "eve-secret").statusCode()).isEqualTo(401);
        // Other directory users are not affected.
        assertThat(client.get("/api/v1/whoami", "Authorization", basic("bob", "bob-secret")).statusCode()).isEqualTo(200);
    }

    /**
     * The directory matches {@code uid} without regard to case (and the backend lower-cases and strips names), so
     * "EVE", "Eve" and " eve" are one account: today each spelling has its own failure count, which multiplies
     * the guesses an attacker gets before the lock.
     */
    @Test
    void theLockHoldsForEverySpellingOfTheName() throws Exception {
        directory.server().add("dn: uid=mallory,ou=people,dc=example,dc=org", "objectClass: inetOrgPerson",
                "uid: mallory", "cn: Mallory", "sn: Guesser", "userPassword: mallory-secret");
        for (int i = 1; i <= 5; i++) {
            client.get("/api/v1/whoami", "Authorization", basic("mallory", "guess-" + i));
        }
        for (String variant : List.of("MALLORY", "Mallory", " mallory", "ｍａｌｌｏｒｙ", "ＭＡＬＬＯＲＹ")) {
            assertThat(client.get("/api/v1/whoami", "Authorization", basic(variant, "mallory-secret")).statusCode())
                    .as(variant).isEqualTo(401);
        }
    }
}
