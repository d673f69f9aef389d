package dev.tessera.engine.trino;

import dev.tessera.cube.model.DataType;
import dev.tessera.cube.model.TableCatalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The tables of the configured schema and their columns, typed in the model's terms, from information_schema. */
final class TrinoCatalogReader {

    private TrinoCatalogReader() {
    }

    static TableCatalog read(Connection conn, String catalog, String schema) throws SQLException {
        String sql = "SELECT table_name, column_name, data_type FROM " + TrinoDialect.INSTANCE.quoteIdentifier(catalog)
                + ".information_schema.columns WHERE table_schema = ? ORDER BY table_name, ordinal_position";
        Map<String, Map<String, DataType>> tables = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                            .put(rs.getString(2), TrinoDialect.INSTANCE.modelType(rs.getString(3)));
                }
            }
        }
        return new TableCatalog(tables);
    }
}
