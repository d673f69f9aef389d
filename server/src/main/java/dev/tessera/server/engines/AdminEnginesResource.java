package dev.tessera.server.engines;

import dev.tessera.cube.engine.QueryEngine;
import dev.tessera.cube.engine.ReloadInProgressException;
import dev.tessera.cube.engine.ReloadReport;
import dev.tessera.cube.engine.Reloadable;
import dev.tessera.cube.engine.ServedData;
import dev.tessera.server.auth.TesseraUser;
import dev.tessera.server.errors.ProblemException;
import dev.tessera.server.roles.AuditLog;
import dev.tessera.server.roles.Roles;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/admin/engines}: each engine's data version, tables and last reload; {@code POST
 * /api/v1/admin/engines/{name}/reload}: loads the engine's tables anew and swaps them in, or says why it could not
 * (the old data is then still served). Every reload asked for here is in the audit log, failed or not.
 */
@Path("api/v1/admin/engines")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public final class AdminEnginesResource {

    /** One engine as the admin sees it; {@code reloads} and {@code lastReload} are null for an engine that cannot reload. */
    public record EngineView(String name, boolean reloadable, long dataVersion, List<TableView> tables,
                             Reloads reloads, ReloadView lastReload) {}

    /** A table and its rows (null where the engine does not count them). */
    public record TableView(String name, Long rows) {}

    public record Reloads(long succeeded, long failed) {}

    /** The outcome of one reload. */
    public record ReloadView(String trigger, Instant startedAt, long durationMs, boolean succeeded, String error,
                             long dataVersion, List<TableView> tables) {

        static ReloadView of(ReloadReport report) {
            return new ReloadView(report.trigger(), report.startedAt(), report.durationMs(), report.succeeded(),
                    report.error(), report.dataVersion(), AdminEnginesResource.tables(report.tableRows()));
        }
    }

    /** The answer to a reload that succeeded. */
    public record Reloaded(String engine, long previousDataVersion, long dataVersion, long durationMs,
                           List<TableView> tables) {}

    private final EngineRegistry engines;
    private final AuditLog audit;

    public AdminEnginesResource(EngineRegistry engines, AuditLog audit) {
        this.engines = engines;
        this.audit = audit;
    }

    @GET
    public List<EngineView> list() {
        return engines.all().entrySet().stream().map(e -> view(e.getKey(), e.getValue())).toList();
    }

    @POST
    @Path("{name}/reload")
    public Reloaded reload(@Auth TesseraUser admin, @PathParam("name") String name) {
        QueryEngine engine = engines.engine(name).orElseThrow(() -> ProblemException.notFound("There is no engine '"
                + name + "'; engines are: " + String.join(", ", engines.all().keySet()) + "."));
        if (!(engine instanceof Reloadable reloadable)) {
            throw ProblemException.conflict("Engine '" + name + "' reads its data live; there is nothing to reload.");
        }
        long before = engine.dataVersion();
        ReloadReport report;
        try {
            report = reloadable.reload("admin " + admin.getName());
        } catch (ReloadInProgressException e) {
            throw ProblemException.conflict("Engine '" + name + "': " + e.getMessage() + ".");
        }
        if (!report.succeeded()) {
            audit.record(admin.getName(), "engine.reload.failed", name, report.error());
            throw new ProblemException(422, "Engine '" + name + "' was not reloaded and still serves data version "
                    + report.dataVersion() + ": " + report.error());
        }
        audit.record(admin.getName(), "engine.reload", name, "data version " + before + " -> " + report.dataVersion()
                + ", tables " + report.tableRows() + ", " + report.durationMs() + " ms");
        return new Reloaded(name, before, report.dataVersion(), report.durationMs(), tables(report.tableRows()));
    }

    private static EngineView view(String name, QueryEngine engine) {
        if (engine instanceof Reloadable reloadable) {
            ServedData served = reloadable.served();
            return new EngineView(name, true, served.dataVersion(), tables(served.tableRows()),
                    new Reloads(reloadable.succeededReloads(), reloadable.failedReloads()),
                    reloadable.lastReload().map(ReloadView::of).orElse(null));
        }
        List<TableView> tables = engine.catalog().tables().keySet().stream().map(t -> new TableView(t, null)).toList();
        return new EngineView(name, false, engine.dataVersion(), tables, null, null);
    }

    private static List<TableView> tables(Map<String, Long> rows) {
        return rows.entrySet().stream().map(e -> new TableView(e.getKey(), e.getValue())).toList();
    }
}
