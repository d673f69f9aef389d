package dev.tessera.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tessera.auth.ldap.testing.LdapDirectoryFixture;
import dev.tessera.client.CubeQuery;
import dev.tessera.client.CubeSummary;
import dev.tessera.client.QueryAnswer;
import dev.tessera.client.TesseraClient;
import dev.tessera.client.TesseraProblemException;
import dev.tessera.client.auth.BasicAuth;
import dev.tessera.client.auth.ClientAuth;
import dev.tessera.client.auth.SessionCookieAuth;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Java client against the app's LDAP backend (UnboundID's in-memory directory over TCP): Basic and form login. */
class ClientLdapIT {

    private static LdapDirectoryFixture directory;
    private static BackendApp app;

    @BeforeAll
    static void start() throws Exception {
        directory = LdapDirectoryFixture.start();
        app = BackendApp.start("ldap-config.yml", Map.of("URLS", "[ \"" + directory.ldapUrl() + "\" ]"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (directory != null) {
            directory.close();
        }
    }

    static TesseraClient client(ClientAuth auth) {
        return TesseraClient.builder(URI.create(app.baseUrl())).auth(auth).build();
    }

    @Test
    void aDirectoryUserInAnalystsQueriesWithBasicAndWithTheSessionCookie() throws Exception {
        // alice is in cn=analysts, which ldap-config.yml maps to ROLE_USER.
        String password = LdapDirectoryFixture.PASSWORDS.get("alice");
        CubeQuery query = CubeQuery.of(List.of("revenue"), List.of("geo.continent"));
        TesseraClient basic = client(new BasicAuth("alice", password));
        assertThat(basic.listCubes()).extracting(CubeSummary::name).contains("sales");
        QueryAnswer answer = basic.query("sales", query);
        assertThat(answer.rows()).isNotEmpty();

        TesseraClient cookie = client(new SessionCookieAuth("alice", password));
        assertThat(ClientTesting.cells(cookie.query("sales", query))).isEqualTo(ClientTesting.cells(answer));
    }

    @Test
    void aWrongDirectoryPasswordIsA401ProblemWithBothChallengesInMind() {
        TesseraProblemException refused = catchThrowableOfType(TesseraProblemException.class,
                () -> client(new BasicAuth("alice", "not-alices-password")).listCubes());
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.title()).isEqualTo("Unauthorized");
    }
}
