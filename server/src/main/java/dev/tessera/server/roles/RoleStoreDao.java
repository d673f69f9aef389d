package dev.tessera.server.roles;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Plain statements on users, their roles and bindings, role mappings, default roles and restrictions; {@link RoleStore}
 * composes them into transactions. Portable SQL only.
 */
public interface RoleStoreDao {

    // --- users seen or administered -------------------------------------------------------------------------

    @SqlUpdate("INSERT INTO users (username, first_seen) VALUES (:username, :now)")
    void insertUser(@Bind("username") String username, @Bind("now") Instant now);

    @SqlQuery("SELECT username FROM users WHERE username = :username FOR UPDATE")
    Optional<String> lockUser(@Bind("username") String username);

    @SqlUpdate("UPDATE users SET last_backend = :backend, last_seen = :now WHERE username = :username")
    int touchUser(@Bind("username") String username, @Bind("backend") String backend, @Bind("now") Instant now);

    @SqlUpdate("UPDATE users SET sessions_revoked_at = :now WHERE username = :username")
    int revokeSessions(@Bind("username") String username, @Bind("now") Instant now);

    @SqlQuery("SELECT sessions_revoked_at FROM users WHERE username = :username AND sessions_revoked_at IS NOT NULL")
    Optional<Instant> sessionsRevokedAt(@Bind("username") String username);

    @SqlQuery("SELECT COUNT(*) FROM users WHERE username = :username")
    int userCount(@Bind("username") String username);

    /** Local users included: a store from before every local user had a row in {@code users} may lack theirs. */
    @SqlQuery("SELECT username FROM users UNION SELECT username FROM basic_users")
    List<String> knownUsernames();

    @SqlQuery("SELECT username, last_backend, last_seen FROM users WHERE last_seen IS NOT NULL")
    @RegisterConstructorMapper(LastSignIn.class)
    List<LastSignIn> lastSignIns();

    @SqlQuery("SELECT (SELECT COUNT(*) FROM users WHERE username = :username)"
            + " + (SELECT COUNT(*) FROM basic_users WHERE username = :username)")
    int knownUserCount(@Bind("username") String username);

    // --- provider roles as of the last sign-in ------------------------------------------------------------------

    @SqlQuery("SELECT username, provider_roles_backend, provider_roles_at FROM users WHERE provider_roles_at IS NOT NULL")
    @RegisterConstructorMapper(ProviderRolesSeen.class)
    List<ProviderRolesSeen> providerRolesSeen();

    @SqlQuery("SELECT provider_roles_backend FROM users WHERE username = :username AND provider_roles_at IS NOT NULL")
    Optional<String> providerRolesBackend(@Bind("username") String username);

    @SqlQuery("SELECT provider_role FROM user_provider_roles WHERE username = :username ORDER BY provider_role")
    List<String> providerRolesOf(@Bind("username") String username);

    @SqlQuery("SELECT username, provider_role AS role FROM user_provider_roles ORDER BY username, provider_role")
    @RegisterConstructorMapper(UserRole.class)
    List<UserRole> allProviderRoles();

    @SqlUpdate("DELETE FROM user_provider_roles WHERE username = :username")
    int deleteProviderRoles(@Bind("username") String username);

    @SqlUpdate("INSERT INTO user_provider_roles (username, provider_role) VALUES (:username, :role)")
    void insertProviderRole(@Bind("username") String username, @Bind("role") String role);

    @SqlUpdate("UPDATE users SET provider_roles_backend = :backend, provider_roles_at = :now WHERE username = :username")
    int stampProviderRoles(@Bind("username") String username, @Bind("backend") String backend, @Bind("now") Instant now);

    // --- individual roles ------------------------------------------------------------------------------------

    @SqlQuery("SELECT role FROM user_roles WHERE username = :username ORDER BY role")
    List<String> rolesOf(@Bind("username") String username);

    @SqlQuery("SELECT username, role FROM user_roles ORDER BY username, role")
    @RegisterConstructorMapper(UserRole.class)
    List<UserRole> allUserRoles();

    @SqlUpdate("INSERT INTO user_roles (username, role, granted_by, granted_at) VALUES (:username, :role, :by, :now)")
    void insertUserRole(@Bind("username") String username, @Bind("role") String role, @Bind("by") String by,
                        @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM user_roles WHERE username = :username AND role = :role")
    int deleteUserRole(@Bind("username") String username, @Bind("role") String role);

    @SqlUpdate("DELETE FROM user_roles WHERE username = :username")
    int deleteUserRoles(@Bind("username") String username);

    @SqlQuery("SELECT COUNT(*) FROM user_roles WHERE role = :role")
    int holdersOf(@Bind("role") String role);

    // --- role mappings ---------------------------------------------------------------------------------------

    @SqlQuery("SELECT DISTINCT role FROM role_mappings WHERE backend = :backend AND provider_role IN (<providerRoles>)")
    List<String> mappedRoles(@Bind("backend") String backend, @BindList("providerRoles") Collection<String> providerRoles);

    @SqlQuery("SELECT backend, provider_role, role FROM role_mappings ORDER BY backend, provider_role, role")
    @RegisterConstructorMapper(RoleMapping.class)
    List<RoleMapping> allMappings();

    @SqlQuery("SELECT role FROM role_mappings WHERE backend = :backend AND provider_role = :providerRole ORDER BY role")
    List<String> mappingOf(@Bind("backend") String backend, @Bind("providerRole") String providerRole);

    @SqlUpdate("INSERT INTO role_mappings (backend, provider_role, role) VALUES (:backend, :providerRole, :role)")
    void insertMapping(@Bind("backend") String backend, @Bind("providerRole") String providerRole, @Bind("role") String role);

    @SqlUpdate("DELETE FROM role_mappings WHERE backend = :backend AND provider_role = :providerRole")
    int deleteMapping(@Bind("backend") String backend, @Bind("providerRole") String providerRole);

    // --- default roles ---------------------------------------------------------------------------------------

    @SqlQuery("SELECT role FROM default_roles WHERE backend = :backend ORDER BY role")
    List<String> defaultRoles(@Bind("backend") String backend);

    @SqlUpdate("INSERT INTO default_roles (backend, role) VALUES (:backend, :role)")
    void insertDefaultRole(@Bind("backend") String backend, @Bind("role") String role);

    @SqlUpdate("DELETE FROM default_roles WHERE backend = :backend")
    int deleteDefaultRoles(@Bind("backend") String backend);

    // --- restrictions ----------------------------------------------------------------------------------------

    @SqlQuery("SELECT spec FROM restrictions WHERE role = :role")
    Optional<String> restriction(@Bind("role") String role);

    @SqlQuery("SELECT role, spec FROM restrictions WHERE role IN (<roles>) ORDER BY role")
    @RegisterConstructorMapper(StoredRestriction.class)
    List<StoredRestriction> restrictionsOf(@BindList("roles") Collection<String> roles);

    @SqlQuery("SELECT role, spec FROM restrictions ORDER BY role")
    @RegisterConstructorMapper(StoredRestriction.class)
    List<StoredRestriction> allRestrictions();

    @SqlUpdate("UPDATE restrictions SET spec = :spec, updated_by = :by, updated_at = :now WHERE role = :role")
    int updateRestriction(@Bind("role") String role, @Bind("spec") String spec, @Bind("by") String by, @Bind("now") Instant now);

    @SqlUpdate("INSERT INTO restrictions (role, spec, updated_by, updated_at) VALUES (:role, :spec, :by, :now)")
    void insertRestriction(@Bind("role") String role, @Bind("spec") String spec, @Bind("by") String by, @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM restrictions WHERE role = :role")
    int deleteRestriction(@Bind("role") String role);

    // --- which backends a name signs in through ------------------------------------------------------------------

    @SqlQuery("SELECT backend FROM user_backends WHERE username = :username ORDER BY backend")
    List<String> backendsOf(@Bind("username") String username);

    @SqlUpdate("INSERT INTO user_backends (username, backend, bound_by, bound_at) VALUES (:username, :backend, :by, :now)")
    void insertBackend(@Bind("username") String username, @Bind("backend") String backend, @Bind("by") String by,
                       @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM user_backends WHERE username = :username AND backend = :backend")
    int deleteBackend(@Bind("username") String username, @Bind("backend") String backend);

    /** Storage records. */
    record UserRole(String username, String role) {}

    /** When and through which backend a user last signed in. */
    record LastSignIn(String username, String lastBackend, Instant lastSeen) {}

    /** Through which backend, and since when, the stored provider roles were supplied. */
    record ProviderRolesSeen(String username, String providerRolesBackend, Instant providerRolesAt) {}

    record RoleMapping(String backend, String providerRole, String role) {}

    record StoredRestriction(String role, String spec) {}
}
