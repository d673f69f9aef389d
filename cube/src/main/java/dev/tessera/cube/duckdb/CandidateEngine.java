package dev.tessera.cube.duckdb;

import dev.tessera.cube.engine.Cursor;
import dev.tessera.cube.engine.QueryCaps;
import dev.tessera.cube.engine.QueryEngine;
import dev.tessera.cube.model.TableCatalog;
import dev.tessera.cube.sql.BoundSql;
import dev.tessera.cube.sql.DuckDbDialect;
import dev.tessera.cube.sql.SqlDialect;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A generation loaded but not yet served, seen as an engine so the cubes can compile against it before the swap.
 * Its statements (the cubes' probes, {@code WHERE 1 = 0}) run on the caller's thread, outside the users' workers.
 */
final class CandidateEngine implements QueryEngine {
    private final EngineConfig config;
    private final Generation generation;

    CandidateEngine(EngineConfig config, Generation generation) {
        this.config = config;
        this.generation = generation;
    }

    @Override
    public SqlDialect dialect() {
        return DuckDbDialect.INSTANCE;
    }

    @Override
    public TableCatalog catalog() {
        return generation.catalog();
    }

    @Override
    public QueryCaps caps() {
        return config.caps();
    }

    @Override
    public long dataVersion() {
        return generation.version();
    }

    @Override
    public Cursor open(String user, BoundSql sql, Duration timeout) {
        try {
            return new Execution().run(generation.root(), sql, () -> { });
        } catch (SQLException e) {
            throw DuckDbEngine.failure(e, timeout);
        }
    }
}
