package dev.tessera.server.cubes;

import static dev.tessera.server.cubes.CubeTesting.ADMIN;
import static dev.tessera.server.cubes.CubeTesting.auth;
import static dev.tessera.server.cubes.CubeTesting.ok;
import static dev.tessera.server.cubes.CubeTesting.q;
import static dev.tessera.server.cubes.CubeTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.cubes.LiveDataFiles.Version;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reloads nobody asks for, on the running app: a table's {@code refresh:} schedule picks up a changed file, and
 * {@code watch: true} picks one up once it has settled, loading a file written in two steps once, whole.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LiveDataTriggersIT {

    static final LiveDataFiles REFRESHED = LiveDataFiles.inNewDirectory();
    static final DropwizardAppExtension<TesseraConfiguration> REFRESH = TesseraTestApp.create("live-data-config.yml",
            ConfigOverride.config("engine.tables[0].source", REFRESHED.orders().toString()),
            ConfigOverride.config("engine.tables[0].refresh", "1s"),
            ConfigOverride.config("engine.tables[1].source", REFRESHED.products().toString()));

    static final LiveDataFiles WATCHED = LiveDataFiles.inNewDirectory();
    static final DropwizardAppExtension<TesseraConfiguration> WATCH = TesseraTestApp.create("live-data-config.yml",
            ConfigOverride.config("engine.tables[0].source", WATCHED.orders().toString()),
            ConfigOverride.config("engine.tables[0].watch", "true"),
            ConfigOverride.config("engine.tables[1].source", WATCHED.products().toString()),
            ConfigOverride.config("engine.tables[1].watch", "true"));

    static final String BOB = auth("bob");

    @BeforeAll
    static void setUp() {
        CubeTesting.createUser(TesseraTestApp.client(REFRESH), "bob", "ROLE_USER");
        CubeTesting.createUser(TesseraTestApp.client(WATCH), "bob", "ROLE_USER");
    }

    static List<List<String>> answer(TestClient client) {
        return rows(ok(client.as(BOB, "POST", "/api/v1/cubes/live/query", q(LiveDataFiles.QUERY))));
    }

    static JsonNode engine(TestClient client) {
        return ok(client.as(ADMIN, "GET", "/api/v1/admin/engines", null)).get(0);
    }

    /** Polls until the app answers {@code expected}; fails after 15 s showing the last answer. */
    static void awaitAnswer(TestClient client, List<List<String>> expected) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        List<List<String>> last = answer(client);
        while (!last.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = answer(client);
        }
        assertThat(last).isEqualTo(expected);
    }

    @Test
    void aRefreshScheduleLoadsAChangedFile() throws InterruptedException {
        TestClient client = TesseraTestApp.client(REFRESH);
        assertThat(answer(client)).isEqualTo(LiveDataFiles.answer(Version.A, Version.A));
        REFRESHED.write(Version.B);
        awaitAnswer(client, LiveDataFiles.answer(Version.B, Version.B));
        assertThat(engine(client).path("lastReload").path("trigger").asText())
                .isEqualTo("refresh of table 'orders' every 1 second");
    }

    @Test
    void aWatchedFileIsLoadedOnceItHasSettled() throws IOException, InterruptedException {
        TestClient client = TesseraTestApp.client(WATCH);
        assertThat(answer(client)).isEqualTo(LiveDataFiles.answer(Version.A, Version.A));
        long succeeded = engine(client).path("reloads").path("succeeded").asLong();

        // written in place in two steps with a pause, as a slow copy would: the first half alone is valid CSV too
        StringBuilder whole = new StringBuilder();
        LiveDataFiles staging = new LiveDataFiles(Files.createTempDirectory("tessera-staging"));
        staging.writeOrders(Version.B);
        whole.append(Files.readString(staging.orders()));
        int half = whole.indexOf("\n", whole.length() / 2) + 1;
        Files.writeString(WATCHED.orders(), whole.substring(0, half), StandardCharsets.UTF_8,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        Thread.sleep(300);
        Files.writeString(WATCHED.orders(), whole.substring(half), StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        awaitAnswer(client, LiveDataFiles.answer(Version.B, Version.A));
        Thread.sleep(1_500); // time for a second, wrong, reload to show
        JsonNode engine = engine(client);
        assertThat(engine.path("reloads").path("succeeded").asLong()).isEqualTo(succeeded + 1);
        assertThat(engine.path("reloads").path("failed").asLong()).isZero();
        assertThat(engine.path("lastReload").path("trigger").asText()).isEqualTo("watch: file of table 'orders' changed");
        assertThat(answer(client)).isEqualTo(LiveDataFiles.answer(Version.B, Version.A));
    }
}
