package dev.tessera.server.cubes;

import dev.tessera.cube.CubeService;
import dev.tessera.cube.EngineNames;
import dev.tessera.cube.EngineUnavailableException;
import dev.tessera.cube.duckdb.DuckDbEngineFactory;
import dev.tessera.cube.engine.EngineFactory;
import dev.tessera.cube.engine.QueryEngine;
import dev.tessera.cube.model.CubeDefinition;
import dev.tessera.cube.model.InvalidCubeModelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code check config.yml} adds for a remote engine (Trino): its cubes compiled against the tables the engine
 * really has, as start-up compiles them, so a missing table or column is found before the server is started. The
 * embedded DuckDB is left out: checking it would mean loading every table file.
 */
public final class RemoteEngineCheck {

    /**
     * The problems of every reachable remote engine's cubes, each naming cube, name and what exists; and one line for
     * each remote engine that could not be asked, whose cubes were then not checked against its tables.
     */
    public record Findings(List<String> problems, List<String> notReached) {
    }

    private RemoteEngineCheck() {
    }

    public static Findings run(Map<String, EngineFactory> factories, List<CubeDefinition> definitions) {
        List<String> problems = new ArrayList<>();
        List<String> notReached = new ArrayList<>();
        factories.forEach((name, factory) -> {
            if (factory instanceof DuckDbEngineFactory) {
                return;
            }
            List<CubeDefinition> own = definitions.stream()
                    .filter(d -> d != null && EngineNames.engineOf(d, factories.keySet()).equals(name)).toList();
            checkOne(name, factory.build(name), own, problems, notReached);
        });
        return new Findings(List.copyOf(problems), List.copyOf(notReached));
    }

    private static void checkOne(String name, QueryEngine engine, List<CubeDefinition> own, List<String> problems,
            List<String> notReached) {
        try {
            engine.start();
            engine.catalog(); // asked once: an engine that is not there is reported, not waited for
            CubeService.compile(Map.of(name, engine), own);
        } catch (InvalidCubeModelException e) {
            problems.addAll(e.problems());
        } catch (EngineUnavailableException e) {
            notReached.add("engine '" + name + "' could not be reached, so its cubes " + own.stream()
                    .map(CubeDefinition::name).toList() + " were not checked against its tables: " + e.getMessage());
        } catch (Exception e) {
            notReached.add("engine '" + name + "' failed to start, so its cubes were not checked against its tables: "
                    + e.getMessage());
        } finally {
            CubeEngines.stopAll(List.of(engine));
        }
    }
}
