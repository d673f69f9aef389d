package dev.tessera.server.client;

import dev.tessera.cube.sample.SampleGenerator;
import dev.tessera.server.TesseraApplication;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TesseraTestApp;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real app with a login backend's test config ({@code ldap-config.yml}, {@code kerberos-config.yml},
 * {@code oidc-server.yml}, placeholders filled in once the provider is up) plus the engine and the {@code sales}
 * cube of the repository's {@code config.yml} over a small sample, the cube the README's recipes query.
 */
final class BackendApp implements AutoCloseable {

    /** Enough for every continent, country and year of the sample; small enough to write in a moment. */
    static final long SAMPLE_ROWS = 5_000;

    private final DropwizardTestSupport<TesseraConfiguration> app;

    private BackendApp(DropwizardTestSupport<TesseraConfiguration> app) {
        this.app = app;
    }

    /** @param values placeholder (without the {@code @}s) to value; {@code DATA_DIRECTORY} is filled in here */
    static BackendApp start(String template, Map<String, String> values) throws Exception {
        Path dataDirectory = TesseraTestApp.newDataDirectory();
        String yaml = read(template).replace("@DATA_DIRECTORY@", dataDirectory.toString());
        for (Map.Entry<String, String> value : values.entrySet()) {
            yaml = yaml.replace("@" + value.getKey() + "@", value.getValue());
        }
        Path sample = dataDirectory.resolve("sample");
        SampleGenerator.generate(sample, SAMPLE_ROWS, SampleGenerator.DEFAULT_SEED);
        String cubes = Files.readString(Path.of("..", "config.yml"));
        yaml = yaml + "\n" + cubes.substring(cubes.indexOf("\nengine:") + 1).replace("data/sample/", sample + "/");
        Path config = dataDirectory.resolve("client-" + template);
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        DropwizardTestSupport<TesseraConfiguration> app = new DropwizardTestSupport<>(TesseraApplication.class, config.toString());
        app.before();
        return new BackendApp(app);
    }

    private static String read(String resource) throws IOException {
        return Files.readString(Path.of(ResourceHelpers.resourceFilePath(resource)));
    }

    String baseUrl() {
        return "http://localhost:" + app.getLocalPort() + "/";
    }

    @Override
    public void close() {
        app.after();
    }
}
