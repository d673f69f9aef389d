package dev.tessera.server.ui;

import io.dropwizard.assets.AssetsBundle;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The browser UI built by the {@code web} module: its two pages, read once at start-up (a jar without them fails
 * to start rather than answering 500 later), and the bundle that serves its scripts and styles at
 * {@code /ui/assets/}. Vite names each asset by its content hash, so a new build never collides with a cached one.
 */
public final class WebUi {

    /** Where the web module's jar puts the build. */
    static final String CLASSPATH_ROOT = "/tessera-ui/";
    /** Where browsers fetch the scripts and styles; public, like {@code /assets/tessera.css}. */
    public static final String ASSETS_PATH = "/ui/assets";

    private final Map<String, String> pages;

    public WebUi() {
        this.pages = Map.of("index.html", read("index.html"), "admin.html", read("admin.html"));
    }

    public static AssetsBundle assetsBundle() {
        return new AssetsBundle(CLASSPATH_ROOT + "assets", ASSETS_PATH, null, "ui-assets");
    }

    /** index.html or admin.html, as Vite wrote it. */
    String page(String name) {
        return pages.get(name);
    }

    private static String read(String name) {
        try (InputStream in = WebUi.class.getResourceAsStream(CLASSPATH_ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("The browser UI is missing from the classpath (" + CLASSPATH_ROOT + name
                        + "): build with mvn package, which builds the web module first.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
