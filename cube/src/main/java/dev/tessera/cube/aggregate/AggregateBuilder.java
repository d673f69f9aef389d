package dev.tessera.cube.aggregate;

import dev.tessera.cube.analytics.Analytics;
import dev.tessera.cube.engine.Jdbc;
import dev.tessera.cube.engine.QueryEngine;
import dev.tessera.cube.model.Aggregation;
import dev.tessera.cube.model.Cube;
import dev.tessera.cube.model.Measure;
import dev.tessera.cube.query.ValidatedQuery;
import dev.tessera.cube.restrict.EffectiveRestriction;
import dev.tessera.cube.sql.PlannedQuery;
import dev.tessera.cube.sql.SqlDialect;
import dev.tessera.cube.sql.SqlPlanner;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds one aggregate table in a DuckDB database: the cube's facts grouped by the aggregate's levels, one column per
 * level (named by its ref) and one per part of each stored measure ({@code revenue$sum}, {@code avgQty$count}). The
 * statement is the planner's own, so the grouping is exactly the one a query over the facts would do.
 */
final class AggregateBuilder {
    /** Rows sent to DuckDB per batch when copying from another engine. */
    private static final int BATCH = 10_000;

    private AggregateBuilder() {
    }

    /** The statement that computes the aggregate's rows over the facts, in {@code planner}'s dialect. */
    static PlannedQuery statement(SqlPlanner planner, Cube cube, Aggregate a, Duration timeout) {
        List<Measure> parts = new ArrayList<>();
        for (Measure m : a.stored()) {
            for (Aggregation part : Decomposition.parts(m)) {
                parts.add(Decomposition.partMeasure(m, part));
            }
        }
        ValidatedQuery q = new ValidatedQuery(cube, a.levels(), parts, null, null, false, List.of(), List.of(),
                Integer.MAX_VALUE, 0, timeout, Analytics.NONE, null);
        return planner.plan(q, EffectiveRestriction.ALL, false, Integer.MAX_VALUE);
    }

    /** {@code CREATE OR REPLACE TABLE ... AS} the statement, in the database that holds the facts. */
    static void fromOwnFacts(Connection db, PlannedQuery statement, String table, SqlDialect dialect) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("CREATE OR REPLACE TABLE " + dialect.quoteIdentifier(table)
                + " AS " + statement.sql())) {
            Jdbc.bind(ps, statement.params());
            ps.execute();
        }
    }

    /** Runs the statement on {@code source} (a remote engine) and copies its rows into a new table of {@code db}. */
    static void copy(QueryEngine source, PlannedQuery statement, Duration timeout, Connection db, String table,
                     SqlDialect local) {
        source.query(QueryEngine.STARTUP_USER, statement, timeout, rs -> {
            create(db, table, rs.getMetaData(), local);
            insert(db, table, rs, local);
            return null;
        });
    }

    private static void create(Connection db, String table, ResultSetMetaData meta, SqlDialect local) throws SQLException {
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(local.quoteIdentifier(meta.getColumnLabel(i)) + " " + duckDbType(meta, i));
        }
        try (Statement s = db.createStatement()) {
            s.execute("CREATE OR REPLACE TABLE " + local.quoteIdentifier(table) + " (" + String.join(", ", columns) + ")");
        }
    }

    /** The DuckDB type of a remote column, decimals with their precision and scale so values keep their digits. */
    static String duckDbType(ResultSetMetaData meta, int column) throws SQLException {
        String type = meta.getColumnTypeName(column).toUpperCase(Locale.ROOT);
        if (type.startsWith("DECIMAL")) {
            return "DECIMAL(" + meta.getPrecision(column) + ", " + meta.getScale(column) + ")";
        }
        if (type.startsWith("VARCHAR") || type.startsWith("CHAR")) {
            return "VARCHAR";
        }
        if (type.startsWith("TIMESTAMP")) {
            return "TIMESTAMP";
        }
        return switch (type) {
            case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "DOUBLE", "REAL", "DATE", "BOOLEAN" -> type;
            default -> "VARCHAR";
        };
    }

    private static void insert(Connection db, String table, ResultSet rs, SqlDialect local) throws SQLException {
        int width = rs.getMetaData().getColumnCount();
        String marks = String.join(", ", java.util.Collections.nCopies(width, "?"));
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO " + local.quoteIdentifier(table) + " VALUES (" + marks + ")")) {
            int pending = 0;
            while (rs.next()) {
                for (int i = 1; i <= width; i++) {
                    ps.setObject(i, rs.getObject(i));
                }
                ps.addBatch();
                if (++pending == BATCH) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }

    /** Rows and columns of a built table. */
    static long rows(Connection db, String table, SqlDialect local) throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + local.quoteIdentifier(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
