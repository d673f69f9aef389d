package dev.tessera.server.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An H2 JDBC URL taken apart: {@code jdbc:h2:<database>;KEY=value;...}. Setting names are case-insensitive in
 * H2, so they are kept upper-case here.
 */
public record H2Url(String url, String database, Map<String, String> settings) {

    private static final String PREFIX = "jdbc:h2:";
    /** Databases that are not a file of this machine: in memory, or another process's server. */
    private static final String[] NOT_A_FILE = {"mem:", "tcp:", "ssl:", "memfs:", "memlzf:"};

    /** The URL taken apart, or empty when it is not an H2 URL (PostgreSQL, say). */
    public static Optional<H2Url> parse(String url) {
        if (url == null || !url.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        String[] parts = url.substring(PREFIX.length()).split(";", -1);
        Map<String, String> settings = new TreeMap<>();
        for (int i = 1; i < parts.length; i++) {
            int equals = parts[i].indexOf('=');
            if (equals > 0) {
                settings.put(parts[i].substring(0, equals).strip().toUpperCase(Locale.ROOT), parts[i].substring(equals + 1).strip());
            }
        }
        return Optional.of(new H2Url(url, parts[0], settings));
    }

    /** A database kept in files on this machine (what H2 calls embedded), rather than in memory or remote. */
    public boolean isFileStore() {
        String lower = database.toLowerCase(Locale.ROOT);
        for (String prefix : NOT_A_FILE) {
            if (lower.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }

    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name.toUpperCase(Locale.ROOT)));
    }

    public String withSetting(String name, String value) {
        return url + ";" + name + "=" + value;
    }

    /**
     * The path H2 adds {@code .mv.db} to, for a plain file store ({@code file:} or no prefix); empty for other file
     * systems H2 knows ({@code nio:}, {@code split:}...), whose files are not simply named after it.
     */
    public Optional<Path> baseFile() {
        if (!isFileStore()) {
            return Optional.empty();
        }
        String path = database.regionMatches(true, 0, "file:", 0, 5) ? database.substring(5) : database;
        if (path.matches("^[A-Za-z][A-Za-z0-9]+:.*")) {
            return Optional.empty(); // another H2 file system; a one-letter prefix is a Windows drive
        }
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return Optional.of(Path.of(path).toAbsolutePath().normalize());
    }
}
