package dev.tessera.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import dev.tessera.server.testing.header.HeaderAuthenticatorFactory;
import io.dropwizard.jackson.DiscoverableSubtypeResolver;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A backend defined only in the test sources, registered by its services file and nothing else, runs in the
 * chain next to Basic; its provider roles go through the config-seeded mapping, default roles catch the rest.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PluggableBackendIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("header-config.yml");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theTestBackendIsDiscoveredThroughItsServicesFile() {
        assertThat(new DiscoverableSubtypeResolver().getDiscoveredSubtypes())
                .contains(HeaderAuthenticatorFactory.class);
        assertThat(APP.getConfiguration().getAuth().getBackends()).hasAtLeastOneElementOfType(HeaderAuthenticatorFactory.class);
    }

    @Test
    void providerRolesAreMappedThroughTheBackendsName() throws Exception {
        TestClient client = TesseraTestApp.client(APP);
        HttpResponse<String> response = client.get("/api/v1/whoami", "Authorization", "Bearer hdr:zoe:analysts,other");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode me = JSON.readTree(response.body());
        assertThat(me.path("backend").asText()).isEqualTo("corp");
        assertThat(me.path("providerRoles").toString()).isEqualTo("[\"analysts\",\"other\"]");
        assertThat(me.path("roles").toString()).isEqualTo("[\"ROLE_ANALYST\",\"ROLE_USER\"]");
    }

    @Test
    void unmappedUsersGetTheDefaultRoles() throws Exception {
        TestClient client = TesseraTestApp.client(APP);
        JsonNode me = JSON.readTree(client.get("/api/v1/whoami", "Authorization", "Bearer hdr:yann:nobody-maps-this").body());
        assertThat(me.path("roles").toString()).isEqualTo("[\"ROLE_VISITOR\"]");
    }

    @Test
    void a401ListsOneChallengePerScheme() {
        HttpResponse<String> response = TesseraTestApp.client(APP).get("/api/v1/whoami");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly("Basic realm=\"tessera\", charset=\"UTF-8\"", "Bearer realm=\"header\"");
    }

    @Test
    void aTokenNoBackendClaimsIsRefused() {
        HttpResponse<String> response = TesseraTestApp.client(APP).get("/api/v1/whoami", "Authorization", "Bearer other:zoe");
        assertThat(response.statusCode()).isEqualTo(401);
    }
}
