package dev.tessera.server.cubes;

import dev.tessera.cube.CubeService;
import dev.tessera.cube.duckdb.DuckDbEngine;
import dev.tessera.cube.duckdb.TableFilesMissingException;
import dev.tessera.cube.duckdb.TableLoadException;
import dev.tessera.cube.engine.Jdbc;
import dev.tessera.cube.engine.QueryEngine;
import dev.tessera.cube.model.CubeDefinition;
import dev.tessera.cube.model.InvalidCubeModelException;
import dev.tessera.cube.sample.SampleGenerator;
import dev.tessera.server.config.CannotStartException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Loads the tables and compiles the cubes, before anything else starts, so that a newcomer's first mistake is the
 * first and only thing printed. What a person must fix (a missing file, data that will not load, a cube the engine
 * refuses) becomes a {@link CannotStartException}; missing sample files come with the command that writes them.
 */
public final class CubeStartup {
    /** Where the build puts the runnable jar, as README's commands name it. */
    private static final String JAR = "server/target/tessera.jar";
    private static final String DEFAULT_SAMPLE = "data/sample";

    private CubeStartup() {
    }

    /**
     * Starts the engines and compiles the cubes; throws {@link CannotStartException} saying what to fix, the engines
     * stopped again. A remote engine that is down is not an error here: its cubes wait for it.
     */
    public static CubeService start(Map<String, QueryEngine> engines, List<CubeDefinition> definitions) {
        try {
            for (QueryEngine engine : engines.values()) {
                startOne(engine);
            }
            return CubeService.compile(engines, definitions);
        } catch (CannotStartException e) {
            CubeEngines.stopAll(engines.values());
            throw e;
        } catch (InvalidCubeModelException e) {
            CubeEngines.stopAll(engines.values());
            throw new CannotStartException("Tessera cannot start: " + e.getMessage(), e);
        }
    }

    private static void startOne(QueryEngine engine) {
        try {
            engine.start();
        } catch (TableFilesMissingException e) {
            throw new CannotStartException(missingFiles(e.missing()), e);
        } catch (TableLoadException e) {
            throw new CannotStartException("Tessera cannot start: " + e.getMessage(), e);
        } catch (SQLException e) {
            String database = engine instanceof DuckDbEngine duck ? duck.config().database() : "?";
            throw new CannotStartException("Tessera cannot start: DuckDB cannot open engine.database '"
                    + database + "': " + Jdbc.firstLine(e.getMessage()), e);
        } catch (Exception e) {
            throw new CannotStartException("Tessera cannot start: an engine failed to start: " + e.getMessage(), e);
        }
    }

    /** One line: the first table and its file, how many more are missing, and for the sample how to write it. */
    static String missingFiles(List<TableFilesMissingException.Missing> missing) {
        Optional<String> sample = sampleDirectory(missing);
        if (sample.isEmpty()) {
            return "Tessera cannot start: " + new TableFilesMissingException(missing).getMessage() + ".";
        }
        TableFilesMissingException.Missing first = missing.get(0);
        String others = missing.stream().skip(1).map(m -> "'" + m.table() + "'").collect(Collectors.joining(", "));
        String dir = sample.get();
        return "Tessera cannot start: table '" + first.table() + "' reads " + first.source()
                + ", which does not exist (looked for " + first.resolved() + ")"
                + (others.isEmpty() ? "" : ", nor do the files of tables " + others)
                + ". It is the sample data: create it with: java -jar " + JAR + " sample --rows 1000000 --out " + dir
                + (dir.equals(DEFAULT_SAMPLE) ? " (or run scripts/start.sh, which also starts the server)." : ".");
    }

    /** The directory, as config.yml writes it, when every missing file is one the sample command writes there. */
    private static Optional<String> sampleDirectory(List<TableFilesMissingException.Missing> missing) {
        List<String> dirs = missing.stream().map(m -> Path.of(m.source())).map(p -> {
            boolean sampleFile = SampleGenerator.FILES.contains(String.valueOf(p.getFileName()));
            return sampleFile ? (p.getParent() == null ? "." : p.getParent().toString()) : null;
        }).distinct().toList();
        return dirs.size() == 1 && dirs.get(0) != null ? Optional.of(dirs.get(0)) : Optional.empty();
    }
}
