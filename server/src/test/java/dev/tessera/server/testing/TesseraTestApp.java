package dev.tessera.server.testing;

import dev.tessera.server.TesseraApplication;
import dev.tessera.server.TesseraConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The real application on random ports, with its own H2 file store and data directory. */
public final class TesseraTestApp {

    private TesseraTestApp() {}

    public static DropwizardAppExtension<TesseraConfiguration> create(String configResource, ConfigOverride... overrides) {
        Path dataDirectory = newDataDirectory();
        List<ConfigOverride> all = new ArrayList<>(storeIn(dataDirectory));
        all.addAll(Arrays.asList(overrides));
        return new DropwizardAppExtension<>(TesseraApplication.class, ResourceHelpers.resourceFilePath(configResource),
                all.toArray(ConfigOverride[]::new));
    }

    /** The app on a config file written by the test (a resource path is what {@link #create} takes). */
    public static DropwizardAppExtension<TesseraConfiguration> createFromFile(Path configFile, ConfigOverride... overrides) {
        List<ConfigOverride> all = new ArrayList<>(storeIn(newDataDirectory()));
        all.addAll(Arrays.asList(overrides));
        return new DropwizardAppExtension<>(TesseraApplication.class, configFile.toString(), all.toArray(ConfigOverride[]::new));
    }

    public static Path newDataDirectory() {
        try {
            return Files.createTempDirectory("tessera-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<ConfigOverride> storeIn(Path dataDirectory) {
        return List.of(
                ConfigOverride.config("dataDirectory", dataDirectory.toString()),
                ConfigOverride.config("database.url", "jdbc:h2:file:" + dataDirectory.resolve("store")));
    }

    public static TestClient client(DropwizardAppExtension<TesseraConfiguration> app) {
        return new TestClient("http://localhost:" + app.getLocalPort());
    }
}
