package dev.tessera.cube.duckdb;

/** A configured table could not be loaded at start; the message names the table, the file and DuckDB's reason. */
public class TableLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TableLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
