package dev.tessera.server.roles;

import dev.tessera.server.roles.RoleStoreDao.AuditEntry;
import dev.tessera.server.roles.RoleStoreDao.RoleMapping;
import dev.tessera.server.roles.RoleStoreDao.StoredRestriction;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;

/**
 * The local role store: individual roles, role mappings, default roles, restrictions, Basic users and the audit
 * log. Every change runs in one transaction together with its audit entry, is retried when a concurrent writer
 * collides with it, and tells the listeners (caches) once committed.
 */
public final class RoleStore {

    private static final int MAX_ATTEMPTS = 5;

    private final Jdbi jdbi;
    private final Clock clock;
    private final List<Consumer<String>> changeListeners = new CopyOnWriteArrayList<>();

    public RoleStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Called after each committed change with the username it concerned, or {@code null} for global ones. */
    public void onChange(Consumer<String> listener) {
        changeListeners.add(listener);
    }

    // --- reads -----------------------------------------------------------------------------------------------

    public List<String> rolesOf(String username) {
        return read(dao -> dao.rolesOf(username));
    }

    /** Every user the store knows (seen at login, granted a role, or a Basic user), with individual roles. */
    public Map<String, List<String>> users() {
        return jdbi.withHandle(handle -> {
            RoleStoreDao dao = handle.attach(RoleStoreDao.class);
            Map<String, List<String>> users = new TreeMap<>();
            dao.usernames().forEach(name -> users.put(name, new ArrayList<>()));
            dao.basicUsernames().forEach(name -> users.putIfAbsent(name, new ArrayList<>()));
            dao.allUserRoles().forEach(ur -> users.computeIfAbsent(ur.username(), k -> new ArrayList<>()).add(ur.role()));
            return users;
        });
    }

    public boolean isKnownUser(String username) {
        return read(dao -> dao.userCount(username) > 0 || dao.passwordHash(username).isPresent());
    }

    public Set<String> mappedRoles(String backend, Collection<String> providerRolesAndUsername) {
        if (providerRolesAndUsername.isEmpty()) {
            return Set.of();
        }
        List<String> roles = read(dao -> dao.mappedRoles(backend, providerRolesAndUsername));
        return new TreeSet<>(roles);
    }

    /** backend -> provider role -> roles. */
    public Map<String, Map<String, List<String>>> mappings() {
        Map<String, Map<String, List<String>>> result = new TreeMap<>();
        for (RoleMapping m : read(RoleStoreDao::allMappings)) {
            result.computeIfAbsent(m.backend(), k -> new TreeMap<>())
                    .computeIfAbsent(m.providerRole(), k -> new ArrayList<>()).add(m.role());
        }
        return result;
    }

    public List<String> defaultRoles(String backend) {
        return read(dao -> dao.defaultRoles(backend));
    }

    /** role -> restriction JSON, for the given roles. */
    public Map<String, String> restrictionsOf(Collection<String> roles) {
        if (roles.isEmpty()) {
            return Map.of();
        }
        return toMap(read(dao -> dao.restrictionsOf(roles)));
    }

    public Map<String, String> restrictions() {
        return toMap(read(RoleStoreDao::allRestrictions));
    }

    public Optional<String> passwordHash(String username) {
        return read(dao -> dao.passwordHash(username));
    }

    /** When the user's sessions were last revoked (logout, password change, an admin), if ever. */
    public Optional<Instant> sessionsRevokedAt(String username) {
        return read(dao -> dao.sessionsRevokedAt(username));
    }

    public boolean anyoneHolds(String role) {
        return read(dao -> dao.holdersOf(role) > 0);
    }

    public List<AuditEntry> audit(int limit, int offset, Optional<String> action) {
        return read(dao -> action.map(a -> dao.auditOf(a, limit, offset)).orElseGet(() -> dao.audit(limit, offset)));
    }

    // --- writes ----------------------------------------------------------------------------------------------

    /** Replaces a user's individual roles whole; concurrent writers to the same user are serialized. */
    public void setUserRoles(String actor, String username, Set<String> roles) {
        write(username, (handle, dao) -> {
            lockUser(dao, username);
            dao.deleteUserRoles(username);
            for (String role : new TreeSet<>(roles)) {
                dao.insertUserRole(username, role, actor, clock.instant());
            }
            audit(dao, actor, "user.roles.set", username, String.join(",", new TreeSet<>(roles)));
            return null;
        });
    }

    /** @return false when the user already had the role */
    public boolean grant(String actor, String username, String role) {
        return write(username, (handle, dao) -> {
            lockUser(dao, username);
            if (dao.rolesOf(username).contains(role)) {
                return false;
            }
            dao.insertUserRole(username, role, actor, clock.instant());
            audit(dao, actor, "user.roles.grant", username, role);
            return true;
        });
    }

    /** @return false when the user did not have the role */
    public boolean revoke(String actor, String username, String role) {
        return removeAudited(username, actor, "user.roles.revoke", username, role, dao -> dao.deleteUserRole(username, role));
    }

    /** @return false when the user had no roles */
    public boolean clearUserRoles(String actor, String username) {
        return removeAudited(username, actor, "user.roles.clear", username, null, dao -> dao.deleteUserRoles(username));
    }

    public void setMapping(String actor, String backend, String providerRole, Set<String> roles) {
        write(null, (handle, dao) -> {
            dao.deleteMapping(backend, providerRole);
            for (String role : new TreeSet<>(roles)) {
                dao.insertMapping(backend, providerRole, role);
            }
            audit(dao, actor, "mapping.set", backend + "/" + providerRole, String.join(",", new TreeSet<>(roles)));
            return null;
        });
    }

    /** Adds a mapping from config unless the provider role is already mapped. */
    public void seedMapping(String backend, String providerRole, Set<String> roles) {
        if (read(dao -> dao.mappingOf(backend, providerRole)).isEmpty()) {
            setMapping("config", backend, providerRole, roles);
        }
    }

    public boolean deleteMapping(String actor, String backend, String providerRole) {
        return removeAudited(null, actor, "mapping.delete", backend + "/" + providerRole, null,
                dao -> dao.deleteMapping(backend, providerRole));
    }

    public void setDefaultRoles(String actor, String backend, Set<String> roles) {
        write(null, (handle, dao) -> {
            dao.deleteDefaultRoles(backend);
            for (String role : new TreeSet<>(roles)) {
                dao.insertDefaultRole(backend, role);
            }
            audit(dao, actor, "default-roles.set", backend, String.join(",", new TreeSet<>(roles)));
            return null;
        });
    }

    public void seedDefaultRoles(String backend, Set<String> roles) {
        if (defaultRoles(backend).isEmpty()) {
            setDefaultRoles("config", backend, roles);
        }
    }

    public void putRestriction(String actor, String role, String specJson) {
        write(null, (handle, dao) -> {
            if (dao.updateRestriction(role, specJson, actor, clock.instant()) == 0) {
                dao.insertRestriction(role, specJson, actor, clock.instant());
            }
            audit(dao, actor, "restriction.set", role, specJson);
            return null;
        });
    }

    public boolean deleteRestriction(String actor, String role) {
        return removeAudited(null, actor, "restriction.delete", role, null, dao -> dao.deleteRestriction(role));
    }

    /**
     * Creates a local user and binds the name to the Basic backend in the same transaction, so no other backend can
     * sign in as them first and inherit their grants.
     *
     * @return false when a Basic user of that name exists already
     */
    public boolean createBasicUser(String actor, String username, String passwordHash, String basicBackend) {
        return write(username, (handle, dao) -> {
            lockUser(dao, username);
            if (dao.passwordHash(username).isPresent()) {
                return false;
            }
            dao.insertBasicUser(username, passwordHash, clock.instant());
            if (!dao.backendsOf(username).contains(basicBackend)) {
                dao.insertBackend(username, basicBackend, actor, clock.instant());
            }
            audit(dao, actor, "basic-user.create", username, null);
            return true;
        });
    }

    // --- which backends a name signs in through --------------------------------------------------------------

    /** The backends this name is bound to; empty for a name no backend has signed in yet. */
    public List<String> backendsOf(String username) {
        return read(dao -> dao.backendsOf(username));
    }

    /**
     * The backends the name is bound to, binding it to {@code backend} when it is bound to none: the first backend
     * through which a name signs in owns it. Read first, so only a first sign-in writes. Listeners are not told:
     * this runs while the role cache computes, and nothing cached changes.
     */
    public List<String> bindOnFirstSignIn(String username, String backend) {
        List<String> bound = backendsOf(username);
        if (!bound.isEmpty()) {
            return bound;
        }
        return retrying(() -> jdbi.inTransaction(handle -> {
            RoleStoreDao dao = handle.attach(RoleStoreDao.class);
            lockUser(dao, username);
            List<String> now = dao.backendsOf(username);
            if (!now.isEmpty()) {
                return now;
            }
            dao.insertBackend(username, backend, "first sign-in", clock.instant());
            audit(dao, "system", "user.backend.bind", username, backend + " (first sign-in)");
            return List.of(backend);
        }));
    }

    /** Lets a name sign in through one more backend (an admin's decision that both are one person). */
    public boolean linkBackend(String actor, String username, String backend) {
        return write(username, (handle, dao) -> {
            lockUser(dao, username);
            if (dao.backendsOf(username).contains(backend)) {
                return false;
            }
            dao.insertBackend(username, backend, actor, clock.instant());
            audit(dao, actor, "user.backend.link", username, backend);
            return true;
        });
    }

    public boolean unlinkBackend(String actor, String username, String backend) {
        return removeAudited(username, actor, "user.backend.unlink", username, backend,
                dao -> dao.deleteBackend(username, backend));
    }

    /** Binds local users made before names were bound (an older store) to the Basic backend. */
    public void bindUnboundBasicUsers(String basicBackend) {
        for (String username : read(RoleStoreDao::unboundBasicUsers)) {
            linkBackend("migration", username, basicBackend);
        }
    }

    /** A new password also ends the user's sessions, which were opened with the old one. */
    public boolean setPassword(String actor, String username, String passwordHash) {
        return write(username, (handle, dao) -> {
            boolean updated = dao.updatePassword(username, passwordHash, clock.instant()) > 0;
            if (updated) {
                dao.revokeSessions(username, clock.instant());
                audit(dao, actor, "basic-user.password", username, null);
            }
            return updated;
        });
    }

    public boolean deleteBasicUser(String actor, String username) {
        return write(username, (handle, dao) -> {
            boolean removed = dao.deleteBasicUser(username) > 0;
            if (removed) {
                dao.revokeSessions(username, clock.instant());
                audit(dao, actor, "basic-user.delete", username, null);
            }
            return removed;
        });
    }

    /** Ends every session of the user issued until now, on every server sharing the store. */
    public void revokeSessions(String actor, String username) {
        write(username, (handle, dao) -> {
            lockUser(dao, username);
            dao.revokeSessions(username, clock.instant());
            audit(dao, actor, "sessions.revoke", username, null);
            return null;
        });
    }

    /** Records that a user was seen at login, so admins can find them to grant roles. */
    public void touch(String username, String backend) {
        retrying(() -> jdbi.inTransaction(handle -> {
            RoleStoreDao dao = handle.attach(RoleStoreDao.class);
            ensureUser(dao, username);
            dao.touchUser(username, backend, clock.instant());
            return null;
        }));
    }

    /** An entry that is not a change: refused logins, lockouts. */
    public void record(String actor, String action, String target, String detail) {
        jdbi.useHandle(handle -> audit(handle.attach(RoleStoreDao.class), actor, action, target, detail));
    }

    // --- plumbing --------------------------------------------------------------------------------------------

    /** Runs a delete; audits it only when it removed something. @return whether it did */
    private boolean removeAudited(String username, String actor, String action, String target, String detail,
                                  ToIntFunction<RoleStoreDao> delete) {
        return write(username, (handle, dao) -> {
            boolean removed = delete.applyAsInt(dao) > 0;
            if (removed) {
                audit(dao, actor, action, target, detail);
            }
            return removed;
        });
    }

    private interface Change<T> {
        T apply(Handle handle, RoleStoreDao dao);
    }

    private <T> T read(Function<RoleStoreDao, T> query) {
        return jdbi.withExtension(RoleStoreDao.class, query::apply);
    }

    private <T> T write(String username, Change<T> change) {
        T result = retrying(() -> jdbi.inTransaction(handle -> change.apply(handle, handle.attach(RoleStoreDao.class))));
        changeListeners.forEach(listener -> listener.accept(username));
        return result;
    }

    /** Two writers inserting the same key, or a serialization failure: run the whole transaction again. */
    private static <T> T retrying(HandleFreeCall<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (StatementException e) {
                if (attempt >= MAX_ATTEMPTS || !isRetryable(e)) {
                    throw e;
                }
            }
        }
    }

    private interface HandleFreeCall<T> {
        T run();
    }

    private static boolean isRetryable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 23505 unique violation, 40001 serialization failure, 40P01 deadlock (PostgreSQL),
                // HYT00 lock timeout (H2)
                if (state.equals("23505") || state.equals("40001") || state.equals("40P01") || state.equals("HYT00")) {
                    return true;
                }
            }
        }
        return false;
    }

    private void ensureUser(RoleStoreDao dao, String username) {
        if (dao.userCount(username) == 0) {
            dao.insertUser(username, clock.instant());
        }
    }

    private void lockUser(RoleStoreDao dao, String username) {
        ensureUser(dao, username);
        dao.lockUser(username);
    }

    private void audit(RoleStoreDao dao, String actor, String action, String target, String detail) {
        dao.insertAudit(clock.instant(), actor, action, truncate(target, 512), truncate(detail, 2000));
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private static Map<String, String> toMap(List<StoredRestriction> rows) {
        Map<String, String> map = new LinkedHashMap<>();
        rows.forEach(r -> map.put(r.role(), r.spec()));
        return map;
    }
}
