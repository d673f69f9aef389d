package dev.tessera.cube.engine;

import java.time.Instant;
import java.util.Map;

/**
 * The outcome of one reload.
 *
 * @param trigger     who or what asked for it
 * @param startedAt   when it began
 * @param durationMs  how long loading and checking took
 * @param error       why it failed, or null when it succeeded
 * @param dataVersion the version served afterwards: the new one, or after a failure the old one
 * @param tableRows   the tables served afterwards and their rows
 */
public record ReloadReport(String trigger, Instant startedAt, long durationMs, String error, long dataVersion,
                           Map<String, Long> tableRows) {

    public boolean succeeded() {
        return error == null;
    }
}
