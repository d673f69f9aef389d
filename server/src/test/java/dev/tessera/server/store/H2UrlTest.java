package dev.tessera.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class H2UrlTest {

    @Test
    void settingsAreReadWhateverTheirCase() {
        H2Url url = H2Url.parse("jdbc:h2:file:./data/tessera;auto_server=true; Write_Delay = 0").orElseThrow();
        assertThat(url.database()).isEqualTo("file:./data/tessera");
        assertThat(url.setting("AUTO_SERVER")).hasValue("true");
        assertThat(url.setting("write_delay")).hasValue("0");
        assertThat(url.setting("CIPHER")).isEmpty();
    }

    @Test
    void onlyH2UrlsAreTakenApart() {
        assertThat(H2Url.parse("jdbc:postgresql://db:5432/tessera")).isEmpty();
        assertThat(H2Url.parse(null)).isEmpty();
        assertThat(H2Url.parse("JDBC:H2:./x")).isPresent();
    }

    @Test
    void aFileStoreIsOneNotInMemoryNorOnAnotherServer() {
        assertThat(H2Url.parse("jdbc:h2:file:/var/lib/tessera/store").orElseThrow().isFileStore()).isTrue();
        assertThat(H2Url.parse("jdbc:h2:./data/tessera").orElseThrow().isFileStore()).isTrue();
        assertThat(H2Url.parse("jdbc:h2:nio:/srv/store").orElseThrow().isFileStore()).isTrue();
        assertThat(H2Url.parse("jdbc:h2:mem:test").orElseThrow().isFileStore()).isFalse();
        assertThat(H2Url.parse("jdbc:h2:tcp://db:9092/~/store").orElseThrow().isFileStore()).isFalse();
        assertThat(H2Url.parse("jdbc:h2:ssl://db/~/store").orElseThrow().isFileStore()).isFalse();
    }

    @Test
    void theBaseFileIsThePathH2AddsMvDbTo() {
        assertThat(H2Url.parse("jdbc:h2:file:/srv/t/store;WRITE_DELAY=0").orElseThrow().baseFile()).hasValue(Path.of("/srv/t/store"));
        assertThat(H2Url.parse("jdbc:h2:./data/tessera").orElseThrow().baseFile())
                .hasValue(Path.of("data/tessera").toAbsolutePath());
        assertThat(H2Url.parse("jdbc:h2:~/tessera").orElseThrow().baseFile())
                .hasValue(Path.of(System.getProperty("user.home"), "tessera"));
        assertThat(H2Url.parse("jdbc:h2:split:/srv/store").orElseThrow().baseFile()).isEmpty();
        assertThat(H2Url.parse("jdbc:h2:mem:test").orElseThrow().baseFile()).isEmpty();
    }
}
