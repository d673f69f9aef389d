package dev.tessera.cube;

/** The CSV export would pass {@code csvMaxRows}; nothing was written. The server answers 422. */
public class ResultTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long rows;
    private final long cap;

    public ResultTooLargeException(long rows, long cap) {
        super("the result has " + rows + " rows, more than the export cap of " + cap
                + "; filter further or page with limit and offset");
        this.rows = rows;
        this.cap = cap;
    }

    public long rows() {
        return rows;
    }

    public long cap() {
        return cap;
    }
}
