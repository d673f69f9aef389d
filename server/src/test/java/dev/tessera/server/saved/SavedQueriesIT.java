package dev.tessera.server.saved;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Saved queries over HTTP on the real app, with Atoti's restriction example (cube-it-config.yml's {@code sales}):
 * France's owner shares with a Germany-only user, who sees Germany; nobody else can even tell the query exists.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SavedQueriesIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("cube-it-config.yml");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = TestClient.basic("admin", "admin-password-1");
    static final String BY_COUNTRY = q("{'name':'By country','cube':'sales',"
            + "'query':{'measures':['amount'],'levels':['geo.country'],'order':[{'by':'geo.country','dir':'asc'}]}}");

    static TestClient client;

    @BeforeAll
    static void setUp() {
        client = TesseraTestApp.client(APP);
        restrict("ROLE_FR", "{'sales':{'geo.country':['France']}}");
        restrict("ROLE_DE", "{'sales':{'geo.country':['Germany']}}");
        createUser("franz", "ROLE_USER", "ROLE_FR", "ROLE_SHARE");   // France's owner, may share
        createUser("greta", "ROLE_USER", "ROLE_DE");                 // Germany only
        createUser("nosy", "ROLE_USER");                             // sees every country, shares nothing with anyone
        createUser("pierre", "ROLE_USER", "ROLE_FR");                // may save, may not share
    }

    @Test
    void anOwnerSavesListsRenamesAndDeletes() {
        JsonNode created = created(as("pierre", "POST", "/api/v1/saved-queries", BY_COUNTRY));
        String id = created.path("id").asText();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(created.path("owner").asText()).isEqualTo("pierre");
        assertThat(created.path("valid").asBoolean()).isTrue();
        assertThat(created.path("query").path("levels").get(0).asText()).isEqualTo("geo.country");
        assertThat(names(ok(as("pierre", "GET", "/api/v1/saved-queries", null)))).contains("By country");

        String renamed = BY_COUNTRY.replace("By country", "Countries");
        assertThat(ok(as("pierre", "PUT", "/api/v1/saved-queries/" + id, renamed)).path("name").asText()).isEqualTo("Countries");
        assertThat(ok(as("pierre", "GET", "/api/v1/saved-queries/" + id, null)).path("name").asText()).isEqualTo("Countries");
        created(as("pierre", "POST", "/api/v1/saved-queries", BY_COUNTRY));
        problem(as("pierre", "PUT", "/api/v1/saved-queries/" + id, BY_COUNTRY), 409);

        assertThat(as("pierre", "DELETE", "/api/v1/saved-queries/" + id, null).statusCode()).isEqualTo(204);
        problem(as("pierre", "GET", "/api/v1/saved-queries/" + id, null), 404);
        assertThat(names(ok(as("pierre", "GET", "/api/v1/saved-queries", null)))).contains("By country").doesNotContain("Countries");
    }

    @Test
    void whatCannotBeSavedIsRefusedSayingWhy() {
        JsonNode unknownLevel = problem(as("pierre", "POST", "/api/v1/saved-queries",
                q("{'name':'x','cube':'sales','query':{'measures':['amount'],'levels':['geo.nation']}}")), 422);
        assertThat(unknownLevel.path("errors").get(0).path("pointer").asText()).isEqualTo("/query/levels/0");
        assertThat(unknownLevel.path("detail").asText()).contains("geo.nation");
        problem(as("pierre", "POST", "/api/v1/saved-queries", q("{'name':'x','cube':'nope','query':{'measures':['amount']}}")), 404);
        problem(as("pierre", "POST", "/api/v1/saved-queries", q("{'name':'x','cube':'secret','query':{'measures':['amount']}}")),
                403);
        problem(as("pierre", "POST", "/api/v1/saved-queries", q("{'name':' ','cube':'sales','query':{'measures':['amount']}}")),
                422);
        problem(as("pierre", "POST", "/api/v1/saved-queries",
                q("{'name':'" + "n".repeat(201) + "','cube':'sales','query':{'measures':['amount']}}")), 422);
        problem(as("pierre", "POST", "/api/v1/saved-queries", q("{'name':'x','cube':'sales','query':{'measure':['amount']}}")),
                400);
        problem(as("pierre", "POST", "/api/v1/saved-queries", q("{'name':'x','cube':'sales'}")), 422);
    }

    @Test
    void aSharedQueryRunsUnderTheRunnersOwnRestrictions() {
        String id = created(as("franz", "POST", "/api/v1/saved-queries", BY_COUNTRY.replace("By country", "Mine"))).path("id").asText();
        assertThat(rows(ok(as("franz", "POST", "/api/v1/saved-queries/" + id + "/run", null)))).containsExactly("France=300");
        problem(as("greta", "POST", "/api/v1/saved-queries/" + id + "/run", null), 404);

        JsonNode shared = ok(as("franz", "PUT", "/api/v1/saved-queries/" + id + "/shares/users/greta", null));
        assertThat(shared.path("sharedWith").path("users").toString()).isEqualTo("[\"greta\"]");

        JsonNode sharedWithGreta = ok(as("greta", "GET", "/api/v1/saved-queries/shared-with-me", null));
        assertThat(names(sharedWithGreta)).containsExactly("Mine");
        assertThat(sharedWithGreta.get(0).has("sharedWith")).as("only the owner sees the shares").isFalse();
        assertThat(sharedWithGreta.get(0).path("owner").asText()).isEqualTo("franz");
        assertThat(rows(ok(as("greta", "POST", "/api/v1/saved-queries/" + id + "/run", null)))).containsExactly("Germany=400");
        HttpResponse<String> csv = client.send("POST", "/api/v1/saved-queries/" + id + "/run", null,
                "Authorization", auth("greta"), "Accept", "text/csv");
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        assertThat(csv.body()).contains("Germany").doesNotContain("France");
        assertThat(rows(ok(as("franz", "POST", "/api/v1/saved-queries/" + id + "/run", null)))).containsExactly("France=300");

        ok(as("franz", "DELETE", "/api/v1/saved-queries/" + id + "/shares/users/greta", null));
        problem(as("greta", "POST", "/api/v1/saved-queries/" + id + "/run", null), 404);
        assertThat(ok(as("greta", "GET", "/api/v1/saved-queries/shared-with-me", null))).isEmpty();
    }

    @Test
    void aRecipientCanRunButNotChangeAndOthersCannotTellItExists() {
        String id = created(as("franz", "POST", "/api/v1/saved-queries", BY_COUNTRY.replace("By country", "Read-only")))
                .path("id").asText();
        ok(as("franz", "PUT", "/api/v1/saved-queries/" + id + "/shares/roles/ROLE_DE", null));
        assertThat(names(ok(as("greta", "GET", "/api/v1/saved-queries/shared-with-me", null)))).contains("Read-only");
        assertThat(problem(as("greta", "PUT", "/api/v1/saved-queries/" + id, BY_COUNTRY), 403).path("detail").asText())
                .contains("read-only");
        problem(as("greta", "DELETE", "/api/v1/saved-queries/" + id, null), 403);
        problem(as("greta", "PUT", "/api/v1/saved-queries/" + id + "/shares/users/nosy", null), 403);

        for (String[] call : new String[][] {{"GET", ""}, {"PUT", ""}, {"DELETE", ""}, {"POST", "/run"},
                {"DELETE", "/shares/roles/ROLE_DE"}}) {
            String body = call[0].equals("PUT") ? BY_COUNTRY : null;
            JsonNode notFound = problem(as("nosy", call[0], "/api/v1/saved-queries/" + id + call[1], body), 404);
            assertThat(notFound.path("detail").asText()).doesNotContain("franz", "Read-only");
        }
        problem(as("nosy", "GET", "/api/v1/saved-queries/not-an-id", null), 404);
        assertThat(names(ok(as("nosy", "GET", "/api/v1/saved-queries/shared-with-me", null)))).doesNotContain("Read-only");
    }

    @Test
    void sharingNeedsRoleShare() {
        String id = created(as("pierre", "POST", "/api/v1/saved-queries", BY_COUNTRY.replace("By country", "Unshareable")))
                .path("id").asText();
        assertThat(problem(as("pierre", "PUT", "/api/v1/saved-queries/" + id + "/shares/users/greta", null), 403)
                .path("detail").asText()).contains("ROLE_SHARE");
        problem(as("franz", "PUT", "/api/v1/saved-queries/" + id + "/shares/users/greta", null), 404);
        problem(as("franz", "PUT", "/api/v1/saved-queries/" + id + "/shares/roles/ROLE_DE", null), 404);
        String franzs = created(as("franz", "POST", "/api/v1/saved-queries", BY_COUNTRY.replace("By country", "Bad grantee")))
                .path("id").asText();
        assertThat(problem(as("franz", "PUT", "/api/v1/saved-queries/" + franzs + "/shares/roles/bad%20role", null), 422)
                .path("detail").asText()).contains("not a valid role name");
    }

    @Test
    void anAdminListsEveryQueryWithItsSharesAndTheAuditShowsTheChanges() {
        String id = created(as("franz", "POST", "/api/v1/saved-queries", BY_COUNTRY.replace("By country", "Audited")))
                .path("id").asText();
        ok(as("franz", "PUT", "/api/v1/saved-queries/" + id + "/shares/users/%EF%BD%87reta", null)); // fullwidth g: greta
        JsonNode all = ok(client.as(ADMIN, "GET", "/api/v1/admin/saved-queries?limit=1000", null));
        JsonNode audited = null;
        for (JsonNode query : all) {
            audited = query.path("id").asText().equals(id) ? query : audited;
        }
        assertThat(audited).isNotNull();
        assertThat(audited.path("owner").asText()).isEqualTo("franz");
        assertThat(audited.path("sharedWith").path("users").toString()).isEqualTo("[\"greta\"]");
        problem(as("franz", "GET", "/api/v1/admin/saved-queries", null), 403);
        String audit = ok(client.as(ADMIN, "GET", "/api/v1/admin/audit?action=saved-query.share", null)).toString();
        assertThat(audit).contains(id, "user:greta", "\"actor\":\"franz\"");
    }

    // ---- helpers ----

    static String q(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static String auth(String username) {
        return TestClient.basic(username, username + "-password-1");
    }

    static HttpResponse<String> as(String username, String method, String path, String body) {
        return client.as(auth(username), method, path, body);
    }

    static void restrict(String role, String restriction) {
        HttpResponse<String> response = client.as(ADMIN, "PUT", "/api/v1/admin/restrictions/" + role, q(restriction));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    static void createUser(String username, String... roles) {
        String body = "{\"username\":\"" + username + "\",\"password\":\"" + username + "-password-1\",\"roles\":[\""
                + String.join("\",\"", roles) + "\"]}";
        HttpResponse<String> created = client.as(ADMIN, "POST", "/api/v1/admin/basic-users", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    static JsonNode created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode body = json(response);
        assertThat(response.headers().firstValue("Location").orElse("")).endsWith("/api/v1/saved-queries/" + body.path("id").asText());
        return body;
    }

    static JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "at dev.tessera");
        return problem;
    }

    static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(query -> names.add(query.path("name").asText()));
        return names;
    }

    /** Rows as "country=amount". */
    static List<String> rows(JsonNode answer) {
        List<String> rows = new ArrayList<>();
        answer.path("rows").forEach(row -> rows.add(row.get(0).asText() + "=" + row.get(1).asLong()));
        return rows;
    }
}
