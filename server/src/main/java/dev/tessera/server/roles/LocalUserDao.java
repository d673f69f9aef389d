package dev.tessera.server.roles;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Plain statements on local users' password hashes; {@link LocalUserStore} composes them. Portable SQL only. */
public interface LocalUserDao {

    @SqlQuery("SELECT password_hash FROM basic_users WHERE username = :username")
    Optional<String> passwordHash(@Bind("username") String username);

    @SqlUpdate("INSERT INTO basic_users (username, password_hash, created_at, updated_at) VALUES (:username, :hash, :now, :now)")
    void insert(@Bind("username") String username, @Bind("hash") String hash, @Bind("now") Instant now);

    @SqlUpdate("UPDATE basic_users SET password_hash = :hash, updated_at = :now WHERE username = :username")
    int updatePassword(@Bind("username") String username, @Bind("hash") String hash, @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM basic_users WHERE username = :username")
    int delete(@Bind("username") String username);

    @SqlQuery("SELECT username FROM basic_users WHERE username NOT IN (SELECT username FROM user_backends)")
    List<String> unbound();
}
