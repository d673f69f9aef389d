package dev.tessera.cube.duckdb;

import dev.tessera.cube.EngineUnavailableException;
import dev.tessera.cube.engine.Jdbc;
import dev.tessera.cube.engine.ReloadInProgressException;
import dev.tessera.cube.engine.ReloadReport;
import dev.tessera.cube.engine.Reloadable;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads one at a time: loads the next generation, lets the check (the cubes) look at it, and serves it only when
 * everything loaded and passed. Otherwise the candidate is closed, the served data stays, and the reason goes to
 * the log and into the report.
 */
final class Reloads {
    private static final Logger LOG = LoggerFactory.getLogger(Reloads.class);

    private final EngineConfig config;
    private final Generations generations;
    private final ReentrantLock running = new ReentrantLock();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile Reloadable.ReloadCheck check = candidate -> List.of();
    private volatile GenerationPreparer preparer = (database, version) -> { };
    private volatile ReloadReport last;

    Reloads(EngineConfig config, Generations generations) {
        this.config = config;
        this.generations = generations;
    }

    void checkWith(Reloadable.ReloadCheck newCheck) {
        this.check = newCheck;
    }

    /** Prepares the version served now (no reload runs meanwhile), then every candidate before it is served. */
    void prepareWith(GenerationPreparer newPreparer) throws SQLException {
        running.lock();
        try {
            this.preparer = newPreparer; // even should it fail now: the next reload tries again
            Generation served = generations.current();
            if (served != null) {
                newPreparer.prepare(served.root(), served.version());
            }
        } finally {
            running.unlock();
        }
    }

    ReloadReport now(String trigger) {
        if (!running.tryLock()) {
            throw new ReloadInProgressException("a reload is running already; ask again once it has finished");
        }
        try {
            return run(trigger);
        } finally {
            running.unlock();
        }
    }

    ReloadReport afterAnyRunning(String trigger) {
        running.lock();
        try {
            return run(trigger);
        } finally {
            running.unlock();
        }
    }

    Optional<ReloadReport> last() {
        return Optional.ofNullable(last);
    }

    long succeeded() {
        return succeeded.get();
    }

    long failed() {
        return failed.get();
    }

    private ReloadReport run(String trigger) {
        if (generations.current() == null) {
            throw new EngineUnavailableException("the engine is not running", null);
        }
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        Generation candidate = null;
        try {
            candidate = generations.loadNext();
            List<String> problems = check.problems(new CandidateEngine(config, candidate));
            if (!problems.isEmpty()) {
                throw new TableLoadException("the new data does not fit the cubes: " + String.join("; ", problems), null);
            }
            prepare(candidate);
            if (!generations.serve(candidate)) {
                throw new EngineUnavailableException("the engine stopped during the reload", null);
            }
            return succeeded(trigger, startedAt, millisSince(started), candidate);
        } catch (TableLoadException | EngineUnavailableException e) {
            return failed(trigger, startedAt, millisSince(started), candidate, e.getMessage());
        } catch (SQLException e) {
            return failed(trigger, startedAt, millisSince(started), candidate, "DuckDB: " + Jdbc.firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("reload ({}) failed unexpectedly", trigger, e);
            return failed(trigger, startedAt, millisSince(started), candidate, "unexpected: " + e.getMessage());
        }
    }

    private void prepare(Generation candidate) {
        try {
            preparer.prepare(candidate.root(), candidate.version());
        } catch (SQLException e) {
            throw new TableLoadException("the aggregates could not be built: " + Jdbc.firstLine(e.getMessage()), e);
        }
    }

    private ReloadReport succeeded(String trigger, Instant startedAt, long ms, Generation served) {
        succeeded.incrementAndGet();
        LOG.info("reload ({}): serving data version {} ({} tables, rows {}) after {} ms", trigger, served.version(),
                served.tableRows().size(), served.tableRows(), ms);
        return remember(new ReloadReport(trigger, startedAt, ms, null, served.version(), served.tableRows()));
    }

    private ReloadReport failed(String trigger, Instant startedAt, long ms, Generation candidate, String reason) {
        if (candidate != null && candidate != generations.current()) {
            candidate.close();
        }
        failed.incrementAndGet();
        Generation served = generations.current();
        long version = served == null ? 0 : served.version();
        LOG.warn("reload ({}) failed after {} ms; still serving data version {}: {}", trigger, ms, version, reason);
        return remember(new ReloadReport(trigger, startedAt, ms, reason, version,
                served == null ? java.util.Map.of() : served.tableRows()));
    }

    private ReloadReport remember(ReloadReport report) {
        last = report;
        return report;
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
