package dev.tessera.cube.duckdb;

import dev.tessera.cube.EngineUnavailableException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The generation being served, and the next ones: numbered, each with a data version taken from the clock (so a
 * version never repeats, not even across restarts) and strictly greater than the one before.
 */
final class Generations {
    private final EngineConfig config;
    private volatile Generation current;
    private int lastNumber;
    private long lastVersion;
    private boolean stopped;

    /** A generation leased for one query, and what returns the lease (safe to run more than once). */
    record Lease(Generation generation, Runnable release) {
    }

    Generations(EngineConfig config) {
        this.config = config;
    }

    /** The generation served now, or null before start and after stop. */
    Generation current() {
        return current;
    }

    /** Leases the generation served now for one query. */
    Lease lease() {
        while (true) {
            Generation served = current;
            if (served == null) {
                throw new EngineUnavailableException("the engine is not running", null);
            }
            Optional<Runnable> release = served.lease();
            if (release.isPresent()) {
                return new Lease(served, release.get());
            }
            // retired between reading and leasing: a reload has just swapped; the next read sees the new one
        }
    }

    /** Loads the next generation without serving it. */
    Generation loadNext() throws SQLException {
        int number;
        long version;
        synchronized (this) {
            number = ++lastNumber;
            version = Math.max(lastVersion + 1, System.currentTimeMillis());
            lastVersion = version;
        }
        return Generation.load(config, number, version);
    }

    /**
     * Serves {@code next} from the next query on; the one served before closes once its running queries are done.
     *
     * @return false when the engine stopped meanwhile ({@code next} is then closed)
     */
    synchronized boolean serve(Generation next) {
        if (stopped) {
            next.close();
            return false;
        }
        Generation previous = current;
        current = next;
        if (previous != null) {
            previous.retire();
        }
        return true;
    }

    /** Closes the served generation whatever runs on it: the engine is stopping. */
    synchronized void stop() {
        stopped = true;
        if (current != null) {
            current.close();
            current = null;
        }
    }

    /** Before a restart of the engine (start after stop). */
    synchronized void restart() {
        stopped = false;
    }
}
