package dev.tessera.cube.engine;

import java.util.Map;

/** The data an engine serves at one moment: its version and its tables with their rows, read together. */
public record ServedData(long dataVersion, Map<String, Long> tableRows) {
}
