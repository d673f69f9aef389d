package dev.tessera.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.db.DataSourceFactory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedStoreUrlTest {

    private static DataSourceFactory database(String url, Map<String, String> properties) {
        DataSourceFactory database = new DataSourceFactory();
        database.setUrl(url);
        database.setProperties(properties);
        return database;
    }

    @Test
    void theDefaultIsADurableFileWithNoListener() {
        DataSourceFactory defaults = EmbeddedStoreUrl.defaults(Path.of("./data"));
        assertThat(defaults.getUrl()).isEqualTo("jdbc:h2:file:./data/tessera;WRITE_DELAY=0");
        assertThat(EmbeddedStoreUrl.listenerProblem(defaults)).isEmpty();
        assertThat(EmbeddedStoreUrl.durabilityWarning(defaults)).isEmpty();
    }

    @Test
    void aFileStoreWithoutAWriteDelayIsMadeDurableAndAChosenOneIsKeptButWarnedAbout() {
        DataSourceFactory plain = database("jdbc:h2:file:/srv/store", Map.of());
        EmbeddedStoreUrl.makeDurable(plain);
        EmbeddedStoreUrl.makeDurable(plain);
        assertThat(plain.getUrl()).isEqualTo("jdbc:h2:file:/srv/store;WRITE_DELAY=0");

        DataSourceFactory lazy = database("jdbc:h2:file:/srv/store;write_delay=500", Map.of());
        EmbeddedStoreUrl.makeDurable(lazy);
        assertThat(lazy.getUrl()).isEqualTo("jdbc:h2:file:/srv/store;write_delay=500");
        assertThat(EmbeddedStoreUrl.durabilityWarning(lazy)).hasValueSatisfying(warning ->
                assertThat(warning).contains("WRITE_DELAY=500").contains("last 500 ms"));

        DataSourceFactory inProperties = database("jdbc:h2:file:/srv/store", Map.of("WRITE_DELAY", "200"));
        EmbeddedStoreUrl.makeDurable(inProperties);
        assertThat(inProperties.getUrl()).isEqualTo("jdbc:h2:file:/srv/store");
    }

    @Test
    void otherStoresAreLeftAlone() {
        for (String url : new String[] {"jdbc:postgresql://db:5432/tessera", "jdbc:h2:mem:test", "jdbc:h2:tcp://db/~/x"}) {
            DataSourceFactory database = database(url, Map.of());
            EmbeddedStoreUrl.makeDurable(database);
            assertThat(database.getUrl()).isEqualTo(url);
            assertThat(EmbeddedStoreUrl.listenerProblem(database)).isEmpty();
        }
    }

    @Test
    void aListenerIsAProblemWhereverItIsAskedFor() {
        assertThat(EmbeddedStoreUrl.listenerProblem(database("jdbc:h2:file:./data/tessera;AUTO_SERVER=TRUE", Map.of())))
                .hasValueSatisfying(problem -> assertThat(problem).startsWith("asks H2 for AUTO_SERVER=TRUE, which makes"));
        assertThat(EmbeddedStoreUrl.listenerProblem(database("jdbc:h2:./data/tessera;auto_server=true", Map.of()))).isPresent();
        assertThat(EmbeddedStoreUrl.listenerProblem(database("jdbc:h2:./data/tessera;AUTO_SERVER_PORT=9090", Map.of())))
                .hasValueSatisfying(problem -> assertThat(problem).contains("AUTO_SERVER_PORT=9090"));
        assertThat(EmbeddedStoreUrl.listenerProblem(database("jdbc:h2:./data/tessera", Map.of("autoServer", "x", "AUTO_SERVER", "TRUE"))))
                .isPresent();
        assertThat(EmbeddedStoreUrl.listenerProblem(database("jdbc:h2:./data/tessera;AUTO_SERVER=FALSE", Map.of()))).isEmpty();
    }
}
