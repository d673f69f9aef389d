package dev.tessera.cube.analytics;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a query asks beyond grouping: its {@code calculations} and its {@code top} (null when absent). A query with
 * neither is planned exactly as before; one with either becomes a windowed query ({@link WindowPlanner}).
 */
public record Analytics(List<Calculation> calculations, TopN top) {

    public static final Analytics NONE = new Analytics(List.of(), null);

    public Analytics {
        calculations = List.copyOf(calculations);
    }

    public boolean isEmpty() {
        return calculations.isEmpty() && top == null;
    }

    /** Empty for a plain query, so the result cache's keys of plain queries stay what they were. */
    public String canonical() {
        if (isEmpty()) {
            return "";
        }
        return ";calculations=" + calculations.stream().map(Calculation::canonical).collect(Collectors.joining(","))
                + ";top=" + (top == null ? "" : top.canonical());
    }
}
