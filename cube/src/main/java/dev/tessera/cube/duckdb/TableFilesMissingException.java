package dev.tessera.cube.duckdb;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Configured tables whose source file does not exist, all of them, found before any table is loaded: the message
 * names each table and its file as written in config.yml, and where a relative path was looked for.
 */
public class TableFilesMissingException extends TableLoadException {
    private static final long serialVersionUID = 1L;

    private final List<Missing> missing;

    /** A table and the file it reads, as config.yml writes it and as it resolves from the working directory. */
    public record Missing(String table, String source, Path resolved) {
    }

    public TableFilesMissingException(List<Missing> missing) {
        super(describe(missing), null);
        this.missing = List.copyOf(missing);
    }

    public List<Missing> missing() {
        return missing;
    }

    private static String describe(List<Missing> missing) {
        String each = missing.stream().map(m -> "table '" + m.table() + "' reads " + m.source()
                + (Path.of(m.source()).isAbsolute() ? "" : " (" + m.resolved() + ")")).collect(Collectors.joining(", "));
        return each + (missing.size() == 1 ? ", which does not exist" : "; none of these files exists");
    }
}
