package dev.tessera.cube.aggregate;

import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;
import dev.tessera.cube.sql.FactSource;
import dev.tessera.cube.sql.SqlDialect;

/** An aggregate's table as what a query reads: a level is its column, a measure its parts combined again. */
public record AggregateSource(Aggregate aggregate, SqlDialect dialect) implements FactSource {

    @Override
    public String table() {
        return aggregate.table();
    }

    @Override
    public String level(Level level) {
        return dialect.qualified(aggregate.table(), level.ref());
    }

    @Override
    public String measure(Measure measure) {
        return Decomposition.combine(dialect, measure, column -> dialect.qualified(aggregate.table(), column));
    }
}
