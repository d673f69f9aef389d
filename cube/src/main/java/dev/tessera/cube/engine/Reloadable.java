package dev.tessera.cube.engine;

import java.util.List;
import java.util.Optional;

/**
 * An engine whose data can be loaded anew while it serves queries. A reload builds the new data beside the served
 * data and swaps to it in one step, so a running query answers from one version and none fails because of it; a
 * reload that fails (a bad or missing file, columns the cubes cannot use) keeps the served data and says why. An
 * engine that reads live data itself (a remote warehouse) does not implement this.
 */
public interface Reloadable {

    /**
     * Reloads every table now.
     *
     * @param trigger who or what asked, for the log and the report ({@code "admin alice"}, {@code "refresh"})
     * @return the outcome; when it failed, the data served is the same as before
     * @throws ReloadInProgressException when another reload is running
     */
    ReloadReport reload(String trigger);

    /** Like {@link #reload}, but waits for a running reload to finish first: for schedules and file watches. */
    ReloadReport reloadAfterAnyRunning(String trigger);

    /** The last reload's outcome since start, if any. */
    Optional<ReloadReport> lastReload();

    /** Reloads since start that swapped in new data. */
    long succeededReloads();

    /** Reloads since start that failed and kept the old data. */
    long failedReloads();

    /** The version served now and its tables with their rows, from one and the same version. */
    ServedData served();

    /** A check every new version must pass before it is served; the cubes use it to refuse columns they cannot read. */
    void checkReloadsWith(ReloadCheck check);

    /** Looks at the candidate data (an engine over it, not yet serving) and names what is wrong with it. */
    @FunctionalInterface
    interface ReloadCheck {
        /** Problems, each naming the cube and item; empty when the candidate may be served. */
        List<String> problems(QueryEngine candidate);
    }
}
