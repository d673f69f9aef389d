package dev.tessera.server.saved;

import static dev.tessera.server.saved.SavedQueriesIT.json;
import static dev.tessera.server.saved.SavedQueriesIT.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tessera.server.TesseraApplication;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A query saved against one cube model and listed after the model changed (a level renamed, a cube renamed) is
 * still listed, marked invalid with the reason; running it is a 422 that says what is wrong. One store, two starts.
 */
class SavedQueryModelChangeIT {

    static final String ANN = TestClient.basic("ann", "ann-password-1");

    @Test
    void aQueryTheCubeNoLongerFitsIsListedWithTheReason() throws Exception {
        Path data = TesseraTestApp.newDataDirectory();
        Map<String, String> ids = new HashMap<>();
        DropwizardAppExtension<TesseraConfiguration> before = app(data);
        before.before();
        try {
            TestClient client = TesseraTestApp.client(before);
            HttpResponse<String> user = client.as(TestClient.basic("admin", "admin-password-1"), "POST",
                    "/api/v1/admin/basic-users", q("{'username':'ann','password':'ann-password-1','roles':['ROLE_USER']}"));
            assertThat(user.statusCode()).as(user.body()).isEqualTo(201);
            ids.put("country", save(client, "{'name':'country','cube':'sales','query':{'measures':['amount'],'levels':['geo.country']}}"));
            ids.put("grid", save(client, "{'name':'grid','cube':'grid','query':{'measures':['rows']}}"));
            ids.put("continent", save(client, "{'name':'continent','cube':'sales','query':{'measures':['amount'],"
                    + "'levels':['geo.continent']}}"));
        } finally {
            before.after();
        }

        DropwizardAppExtension<TesseraConfiguration> after = app(data,
                ConfigOverride.config("cubes[1].dimensions[0].hierarchies[0].levels[1].name", "nation"),
                ConfigOverride.config("cubes[3].name", "grid2"));
        after.before();
        try {
            TestClient client = TesseraTestApp.client(after);
            Map<String, JsonNode> listed = new HashMap<>();
            json(client.as(ANN, "GET", "/api/v1/saved-queries", null)).forEach(query -> listed.put(query.path("name").asText(), query));
            assertThat(listed).containsOnlyKeys("country", "grid", "continent");
            assertThat(listed.get("continent").path("valid").asBoolean()).isTrue();
            assertThat(listed.get("country").path("valid").asBoolean()).isFalse();
            assertThat(pointers(listed.get("country"))).containsExactly("/query/levels/0");
            assertThat(listed.get("country").path("problems").get(0).path("detail").asText()).contains("geo.country");
            assertThat(pointers(listed.get("grid"))).containsExactly("/cube");

            HttpResponse<String> run = client.as(ANN, "POST", "/api/v1/saved-queries/" + ids.get("country") + "/run", null);
            assertThat(run.statusCode()).as(run.body()).isEqualTo(422);
            assertThat(run.body()).contains("geo.country");
            assertThat(client.as(ANN, "POST", "/api/v1/saved-queries/" + ids.get("continent") + "/run", null).statusCode())
                    .isEqualTo(200);
        } finally {
            after.after();
        }
    }

    static DropwizardAppExtension<TesseraConfiguration> app(Path data, ConfigOverride... overrides) {
        List<ConfigOverride> all = new ArrayList<>(TesseraTestApp.storeIn(data));
        all.addAll(List.of(overrides));
        return new DropwizardAppExtension<>(TesseraApplication.class, ResourceHelpers.resourceFilePath("cube-it-config.yml"),
                all.toArray(ConfigOverride[]::new));
    }

    static String save(TestClient client, String body) {
        HttpResponse<String> saved = client.as(ANN, "POST", "/api/v1/saved-queries", q(body));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        return json(saved).path("id").asText();
    }

    static List<String> pointers(JsonNode query) {
        List<String> pointers = new ArrayList<>();
        query.path("problems").forEach(problem -> pointers.add(problem.path("pointer").asText()));
        return pointers;
    }
}
