package dev.tessera.cube.duckdb;

import dev.tessera.cube.sql.DuckDbDialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the configured tables from CSV or Parquet; a table that will not load names the file and DuckDB's reason. */
final class TableLoader {
    private static final Logger LOG = LoggerFactory.getLogger(TableLoader.class);
    private static final Pattern GLOB = Pattern.compile("[*?\\[{]");

    private TableLoader() {
    }

    /** @throws TableFilesMissingException naming every table whose file is not there, before loading any */
    static void loadAll(Connection conn, List<TableConfig> tables) {
        List<TableFilesMissingException.Missing> missing = tables.stream().map(TableLoader::missing)
                .flatMap(Optional::stream).toList();
        if (!missing.isEmpty()) {
            throw new TableFilesMissingException(missing);
        }
        for (TableConfig t : tables) {
            load(conn, t);
        }
    }

    /**
     * A plain path that is not there. Globs (matching nothing is DuckDB's to say, with the pattern) and URLs are
     * left to the engine.
     */
    private static Optional<TableFilesMissingException.Missing> missing(TableConfig t) {
        String source = t.source();
        if (source.contains("://") || GLOB.matcher(source).find()) {
            return Optional.empty();
        }
        Path resolved = Path.of(source).toAbsolutePath().normalize();
        return Files.exists(resolved) ? Optional.empty()
                : Optional.of(new TableFilesMissingException.Missing(t.name(), source, resolved));
    }

    private static void load(Connection conn, TableConfig t) {
        String reader = t.effectiveFormat() == TableConfig.Format.PARQUET ? "read_parquet" : "read_csv";
        String sql = "CREATE OR REPLACE TABLE " + DuckDbDialect.INSTANCE.quoteIdentifier(t.name())
                + " AS SELECT * FROM " + reader + "(?)";
        long started = System.nanoTime();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, t.source());
            ps.execute();
        } catch (SQLException e) {
            throw new TableLoadException("table '" + t.name() + "': cannot load " + t.source() + ": "
                    + condense(e.getMessage()), e);
        }
        LOG.info("loaded table {} from {} in {} ms", t.name(), t.source(), (System.nanoTime() - started) / 1_000_000);
    }

    /** DuckDB's messages run to dozens of lines; keep the reason, the column and the file. */
    static String condense(String message) {
        if (message == null) {
            return "(no message)";
        }
        StringBuilder sb = new StringBuilder();
        for (String line : message.split("\n", -1)) {
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("LINE ") || l.equals("^")) {
                continue;
            }
            boolean keep = sb.length() == 0 || l.startsWith("Error when converting column") || l.startsWith("file =")
                    || l.startsWith("Original Line") || l.startsWith("Column ");
            if (keep) {
                sb.append(sb.length() == 0 ? "" : "; ").append(l);
            }
        }
        return sb.length() > 600 ? sb.substring(0, 600) + "..." : sb.toString();
    }
}
