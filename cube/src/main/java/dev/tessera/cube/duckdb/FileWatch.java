package dev.tessera.cube.duckdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether a watched table's files changed and then settled: each look notes the size and modification time of the
 * file (or of every file the glob matches); a change counts once it has stayed the same for the quiet period, so a
 * file still being written is not loaded half-way. Polling rather than a {@code WatchService}: it sees a file
 * replaced by a rename, a glob's new files and network file systems alike, and needs no thread per directory.
 */
final class FileWatch {
    private static final Pattern GLOB = Pattern.compile("[*?\\[{]");
    private static final int MAX_DEPTH = 16;

    private final TableConfig table;
    private String served;
    private String seen;
    private long seenSinceMillis;

    FileWatch(TableConfig table, long nowMillis) {
        this.table = table;
        this.served = signature(table.source());
        this.seen = served;
        this.seenSinceMillis = nowMillis;
    }

    TableConfig table() {
        return table;
    }

    /** Looks again: true when the files differ from those last loaded and have not changed for {@code quietMillis}. */
    boolean settledChange(long nowMillis, long quietMillis) {
        String now = signature(table.source());
        if (!now.equals(seen)) {
            seen = now;
            seenSinceMillis = nowMillis;
            return false;
        }
        return !seen.equals(served) && nowMillis - seenSinceMillis >= quietMillis;
    }

    /** The files as last seen are being loaded now: a change from here on is a new one. */
    void loading() {
        served = seen;
    }

    /** Size and modification time of each file, in path order; "missing" when there is none. */
    static String signature(String source) {
        try {
            List<Path> files = files(source);
            if (files.isEmpty()) {
                return "missing";
            }
            StringBuilder sb = new StringBuilder();
            for (Path file : files) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                sb.append(file).append(' ').append(attributes.size()).append(' ').append(attributes.lastModifiedTime())
                        .append('\n');
            }
            return sb.toString();
        } catch (IOException | UncheckedIOException e) {
            return "unreadable: " + e.getMessage(); // changing as it is read: look again at the next poll
        }
    }

    private static List<Path> files(String source) throws IOException {
        Path path = Path.of(source).toAbsolutePath().normalize();
        if (!GLOB.matcher(source).find()) {
            return Files.isRegularFile(path) ? List.of(path) : List.of();
        }
        Path base = path.getRoot();
        for (Path part : path) {
            if (GLOB.matcher(part.toString()).find()) {
                break;
            }
            base = base.resolve(part);
        }
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + path);
        try (Stream<Path> walk = Files.walk(base, MAX_DEPTH)) {
            return walk.filter(p -> matcher.matches(p) && Files.isRegularFile(p)).sorted().toList();
        }
    }
}
