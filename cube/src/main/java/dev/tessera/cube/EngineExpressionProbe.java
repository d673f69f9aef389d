package dev.tessera.cube;

import dev.tessera.cube.engine.QueryEngine;
import dev.tessera.cube.model.Cube;
import dev.tessera.cube.model.ExpressionProbe;
import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;
import dev.tessera.cube.sql.BoundSql;
import dev.tessera.cube.sql.SqlPlanner;
import java.util.List;

/** Binds expressions by running the planner's probe statement ({@code ... WHERE 1 = 0}) on the engine. */
final class EngineExpressionProbe implements ExpressionProbe {
    private static final String REFUSED = "the engine refused the statement: ";

    private final QueryEngine engine;
    private final SqlPlanner planner;

    EngineExpressionProbe(QueryEngine engine, SqlPlanner planner) {
        this.engine = engine;
        this.planner = planner;
    }

    @Override
    public Bound level(Cube cube, Level level, boolean withJoins) {
        return bind(planner.probe(cube, planner.levelSql(level), withJoins));
    }

    @Override
    public Bound measure(Cube cube, Measure measure, boolean withJoins) {
        return bind(planner.probe(cube, planner.measureSql(cube, measure), withJoins));
    }

    private Bound bind(String sql) {
        try {
            return Bound.typed(engine.query(QueryEngine.STARTUP_USER, BoundSql.of(sql, List.of()), engine.caps().queryTimeout(),
                    rs -> engine.dialect().modelType(rs.getMetaData().getColumnTypeName(1))));
        } catch (QueryFailedException e) {
            String reason = e.getMessage();
            return Bound.refused(reason.startsWith(REFUSED) ? reason.substring(REFUSED.length()) : reason);
        }
    }
}
