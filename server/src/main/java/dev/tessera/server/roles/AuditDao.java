package dev.tessera.server.roles;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Plain statements on the audit log; {@link AuditLog} composes them. Portable SQL only. */
public interface AuditDao {

    @SqlUpdate("INSERT INTO audit_log (at, actor, action, target, detail) VALUES (:at, :actor, :action, :target, :detail)")
    void insert(@Bind("at") Instant at, @Bind("actor") String actor, @Bind("action") String action,
                @Bind("target") String target, @Bind("detail") String detail);

    @SqlQuery("SELECT id, at, actor, action, target, detail FROM audit_log ORDER BY id DESC LIMIT :limit OFFSET :offset")
    @RegisterConstructorMapper(AuditLog.Entry.class)
    List<AuditLog.Entry> newest(@Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("SELECT id, at, actor, action, target, detail FROM audit_log WHERE action = :action"
            + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
    @RegisterConstructorMapper(AuditLog.Entry.class)
    List<AuditLog.Entry> newestOf(@Bind("action") String action, @Bind("limit") int limit, @Bind("offset") int offset);
}
