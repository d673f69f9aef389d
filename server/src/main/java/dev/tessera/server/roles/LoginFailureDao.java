package dev.tessera.server.roles;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Plain statements on the failed-login counts; {@link LoginFailureStore} composes them. Portable SQL only. */
public interface LoginFailureDao {

    @SqlQuery("SELECT failures, last_failure, locked_until FROM login_failures WHERE lock_key = :key")
    @RegisterConstructorMapper(LoginFailureStore.Failures.class)
    Optional<LoginFailureStore.Failures> find(@Bind("key") String key);

    @SqlQuery("SELECT failures, last_failure, locked_until FROM login_failures WHERE lock_key = :key FOR UPDATE")
    @RegisterConstructorMapper(LoginFailureStore.Failures.class)
    Optional<LoginFailureStore.Failures> lock(@Bind("key") String key);

    @SqlUpdate("INSERT INTO login_failures (lock_key, failures, last_failure, locked_until)"
            + " VALUES (:key, :failures, :lastFailure, :lockedUntil)")
    void insert(@Bind("key") String key, @Bind("failures") int failures, @Bind("lastFailure") Instant lastFailure,
                @Bind("lockedUntil") Instant lockedUntil);

    @SqlUpdate("UPDATE login_failures SET failures = :failures, last_failure = :lastFailure, locked_until = :lockedUntil"
            + " WHERE lock_key = :key")
    void update(@Bind("key") String key, @Bind("failures") int failures, @Bind("lastFailure") Instant lastFailure,
                @Bind("lockedUntil") Instant lockedUntil);

    @SqlUpdate("DELETE FROM login_failures WHERE lock_key = :key")
    void delete(@Bind("key") String key);

    @SqlUpdate("DELETE FROM login_failures WHERE last_failure < :before")
    int deleteOlderThan(@Bind("before") Instant before);
}
