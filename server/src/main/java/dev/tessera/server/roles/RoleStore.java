package dev.tessera.server.roles;

import dev.tessera.server.roles.RoleStoreDao.RoleMapping;
import dev.tessera.server.roles.RoleStoreDao.StoredRestriction;
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
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The local role store: individual roles, role mappings, default roles, restrictions, the backends each name is
 * bound to, and when a user's sessions were revoked. Every change runs in one transaction together with its audit
 * entry ({@link StoreTransactions}).
 */
public final class RoleStore {

    /** The column's width; a longer provider role (never mappable: mappings take 512) is left out of the record. */
    private static final int MAX_RECORDED_PROVIDER_ROLE = 1000;

    private final StoreTransactions store;

    public RoleStore(StoreTransactions store) {
        this.store = store;
    }

    /**
     * Called after each committed change to the store this one shares, local users' included, with the username it
     * concerned, or {@code null} for global ones.
     */
    public void onChange(Consumer<String> listener) {
        store.onChange(listener);
    }

    // --- reads -----------------------------------------------------------------------------------------------

    public List<String> rolesOf(String username) {
        return store.read(RoleStoreDao.class, dao -> dao.rolesOf(username));
    }

    /** Every user the store knows (seen at login, granted a role, or a local user), with individual roles. */
    public Map<String, List<String>> users() {
        return store.read(RoleStoreDao.class, dao -> {
            Map<String, List<String>> users = new TreeMap<>();
            dao.knownUsernames().forEach(name -> users.put(name, new ArrayList<>()));
            dao.allUserRoles().forEach(ur -> users.computeIfAbsent(ur.username(), k -> new ArrayList<>()).add(ur.role()));
            return users;
        });
    }

    /** Users who have signed in: when last, and through which backend (the admin console's user list). */
    public Map<String, RoleStoreDao.LastSignIn> lastSignIns() {
        return store.read(RoleStoreDao.class, dao -> {
            Map<String, RoleStoreDao.LastSignIn> seen = new TreeMap<>();
            dao.lastSignIns().forEach(s -> seen.put(s.username(), s));
            return seen;
        });
    }

    public boolean isKnownUser(String username) {
        return store.read(RoleStoreDao.class, dao -> dao.knownUserCount(username) > 0);
    }

    public Set<String> mappedRoles(String backend, Collection<String> providerRolesAndUsername) {
        if (providerRolesAndUsername.isEmpty()) {
            return Set.of();
        }
        List<String> roles = store.read(RoleStoreDao.class, dao -> dao.mappedRoles(backend, providerRolesAndUsername));
        return new TreeSet<>(roles);
    }

    /** backend -> provider role -> roles. */
    public Map<String, Map<String, List<String>>> mappings() {
        Map<String, Map<String, List<String>>> result = new TreeMap<>();
        for (RoleMapping m : store.read(RoleStoreDao.class, RoleStoreDao::allMappings)) {
            result.computeIfAbsent(m.backend(), k -> new TreeMap<>())
                    .computeIfAbsent(m.providerRole(), k -> new ArrayList<>()).add(m.role());
        }
        return result;
    }

    public List<String> defaultRoles(String backend) {
        return store.read(RoleStoreDao.class, dao -> dao.defaultRoles(backend));
    }

    /** role -> restriction JSON, for the given roles. */
    public Map<String, String> restrictionsOf(Collection<String> roles) {
        if (roles.isEmpty()) {
            return Map.of();
        }
        return toMap(store.read(RoleStoreDao.class, dao -> dao.restrictionsOf(roles)));
    }

    public Map<String, String> restrictions() {
        return toMap(store.read(RoleStoreDao.class, RoleStoreDao::allRestrictions));
    }

    /** When the user's sessions were last revoked (logout, password change, an admin), if ever. */
    public Optional<Instant> sessionsRevokedAt(String username) {
        return store.read(RoleStoreDao.class, dao -> dao.sessionsRevokedAt(username));
    }

    public boolean anyoneHolds(String role) {
        return store.read(RoleStoreDao.class, dao -> dao.holdersOf(role) > 0);
    }

    // --- individual roles ------------------------------------------------------------------------------------

    /** Replaces a user's individual roles whole; concurrent writers to the same user are serialized. */
    public void setUserRoles(String actor, String username, Set<String> roles) {
        store.write(username, transaction -> {
            transaction.lockUser(username);
            RoleStoreDao dao = transaction.dao(RoleStoreDao.class);
            dao.deleteUserRoles(username);
            for (String role : new TreeSet<>(roles)) {
                dao.insertUserRole(username, role, actor, transaction.now());
            }
            transaction.audit(actor, "user.roles.set", username, String.join(",", new TreeSet<>(roles)));
            return null;
        });
    }

    /** Grants a role, audited; false when the user already had it. */
    public boolean grant(String actor, String username, String role) {
        return store.write(username, transaction -> {
            transaction.lockUser(username);
            RoleStoreDao dao = transaction.dao(RoleStoreDao.class);
            if (dao.rolesOf(username).contains(role)) {
                return false;
            }
            dao.insertUserRole(username, role, actor, transaction.now());
            transaction.audit(actor, "user.roles.grant", username, role);
            return true;
        });
    }

    /** Revokes a role, audited; false when the user did not have it. */
    public boolean revoke(String actor, String username, String role) {
        return removeAudited(username, actor, "user.roles.revoke", username, role, dao -> dao.deleteUserRole(username, role));
    }

    /** Revokes every role of a user, audited; false when the user had none. */
    public boolean clearUserRoles(String actor, String username) {
        return removeAudited(username, actor, "user.roles.clear", username, null, dao -> dao.deleteUserRoles(username));
    }

    // --- role mappings and default roles ---------------------------------------------------------------------

    public void setMapping(String actor, String backend, String providerRole, Set<String> roles) {
        store.write(null, transaction -> {
            RoleStoreDao dao = transaction.dao(RoleStoreDao.class);
            dao.deleteMapping(backend, providerRole);
            for (String role : new TreeSet<>(roles)) {
                dao.insertMapping(backend, providerRole, role);
            }
            transaction.audit(actor, "mapping.set", backend + "/" + providerRole, String.join(",", new TreeSet<>(roles)));
            return null;
        });
    }

    /** Adds a mapping from config unless the provider role is already mapped. */
    public void seedMapping(String backend, String providerRole, Set<String> roles) {
        if (store.read(RoleStoreDao.class, dao -> dao.mappingOf(backend, providerRole)).isEmpty()) {
            setMapping("config", backend, providerRole, roles);
        }
    }

    public boolean deleteMapping(String actor, String backend, String providerRole) {
        return removeAudited(null, actor, "mapping.delete", backend + "/" + providerRole, null,
                dao -> dao.deleteMapping(backend, providerRole));
    }

    public void setDefaultRoles(String actor, String backend, Set<String> roles) {
        store.write(null, transaction -> {
            RoleStoreDao dao = transaction.dao(RoleStoreDao.class);
            dao.deleteDefaultRoles(backend);
            for (String role : new TreeSet<>(roles)) {
                dao.insertDefaultRole(backend, role);
            }
            transaction.audit(actor, "default-roles.set", backend, String.join(",", new TreeSet<>(roles)));
            return null;
        });
    }

    public void seedDefaultRoles(String backend, Set<String> roles) {
        if (defaultRoles(backend).isEmpty()) {
            setDefaultRoles("config", backend, roles);
        }
    }

    // --- restrictions ----------------------------------------------------------------------------------------

    public void putRestriction(String actor, String role, String specJson) {
        store.write(null, transaction -> {
            RoleStoreDao dao = transaction.dao(RoleStoreDao.class);
            if (dao.updateRestriction(role, specJson, actor, transaction.now()) == 0) {
                dao.insertRestriction(role, specJson, actor, transaction.now());
            }
            transaction.audit(actor, "restriction.set", role, specJson);
            return null;
        });
    }

    public boolean deleteRestriction(String actor, String role) {
        return removeAudited(null, actor, "restriction.delete", role, null, dao -> dao.deleteRestriction(role));
    }

    // --- which backends a name signs in through --------------------------------------------------------------

    /** The backends this name is bound to; empty for a name no backend has signed in yet. */
    public List<String> backendsOf(String username) {
        return store.read(RoleStoreDao.class, dao -> dao.backendsOf(username));
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
        return store.writeUnannounced(transaction -> {
            transaction.lockUser(username);
            RoleStoreDao dao = transaction.dao(RoleStoreDao.class);
            List<String> now = dao.backendsOf(username);
            if (!now.isEmpty()) {
                return now;
            }
            dao.insertBackend(username, backend, "first sign-in", transaction.now());
            transaction.audit("system", "user.backend.bind", username, backend + " (first sign-in)");
            return List.of(backend);
        });
    }

    /** Lets a name sign in through one more backend (an admin's decision that both are one person). */
    public boolean linkBackend(String actor, String username, String backend) {
        return store.write(username, transaction -> {
            transaction.lockUser(username);
            RoleStoreDao dao = transaction.dao(RoleStoreDao.class);
            if (dao.backendsOf(username).contains(backend)) {
                return false;
            }
            dao.insertBackend(username, backend, actor, transaction.now());
            transaction.audit(actor, "user.backend.link", username, backend);
            return true;
        });
    }

    public boolean unlinkBackend(String actor, String username, String backend) {
        return removeAudited(username, actor, "user.backend.unlink", username, backend,
                dao -> dao.deleteBackend(username, backend));
    }

    // --- sessions and sightings ------------------------------------------------------------------------------

    /** Ends every session of the user issued until now, on every server sharing the store. */
    public void revokeSessions(String actor, String username) {
        store.write(username, transaction -> {
            transaction.lockUser(username);
            transaction.dao(RoleStoreDao.class).revokeSessions(username, transaction.now());
            transaction.audit(actor, "sessions.revoke", username, null);
            return null;
        });
    }

    /**
     * Records the provider roles a backend supplied at sign-in, before mapping; writes only when they differ from the
     * stored ones (or came through another backend). Listeners are not told: no role changes. @return whether it wrote
     */
    public boolean recordProviderRoles(String username, String backend, Set<String> providerRoles) {
        Set<String> roles = new TreeSet<>();
        providerRoles.stream().filter(role -> role.length() <= MAX_RECORDED_PROVIDER_ROLE).forEach(roles::add);
        if (storedProviderRolesAre(username, backend, roles)) {
            return false;
        }
        return store.writeUnannounced(transaction -> {
            transaction.lockUser(username);
            RoleStoreDao dao = transaction.dao(RoleStoreDao.class);
            dao.deleteProviderRoles(username);
            roles.forEach(role -> dao.insertProviderRole(username, role));
            dao.stampProviderRoles(username, backend, transaction.now());
            return true;
        });
    }

    private boolean storedProviderRolesAre(String username, String backend, Set<String> roles) {
        return store.read(RoleStoreDao.class, dao -> dao.providerRolesBackend(username).filter(backend::equals).isPresent()
                && new TreeSet<>(dao.providerRolesOf(username)).equals(roles));
    }

    /** The provider roles each user had at their last sign-in, with the backend and since when (the admin console). */
    public Map<String, ProviderRoles> providerRoles() {
        return store.read(RoleStoreDao.class, dao -> {
            Map<String, List<String>> roles = new TreeMap<>();
            dao.allProviderRoles().forEach(r -> roles.computeIfAbsent(r.username(), k -> new ArrayList<>()).add(r.role()));
            Map<String, ProviderRoles> result = new TreeMap<>();
            for (RoleStoreDao.ProviderRolesSeen seen : dao.providerRolesSeen()) {
                result.put(seen.username(), new ProviderRoles(seen.providerRolesBackend(),
                        roles.getOrDefault(seen.username(), List.of()), seen.providerRolesAt()));
            }
            return result;
        });
    }

    /** What a backend supplied at a user's last sign-in: roles before mapping, and since when it supplied exactly these. */
    public record ProviderRoles(String backend, List<String> roles, Instant since) {
        public ProviderRoles {
            roles = List.copyOf(roles);
        }
    }

    /** Records that a user was seen at login, so admins can find them to grant roles. */
    public void touch(String username, String backend) {
        store.writeUnannounced(transaction -> {
            transaction.ensureUser(username);
            transaction.dao(RoleStoreDao.class).touchUser(username, backend, transaction.now());
            return null;
        });
    }

    /** Runs a delete; audits it only when it removed something. @return whether it did */
    private boolean removeAudited(String username, String actor, String action, String target, String detail,
                                  ToIntFunction<RoleStoreDao> delete) {
        return store.write(username, transaction -> {
            boolean removed = delete.applyAsInt(transaction.dao(RoleStoreDao.class)) > 0;
            if (removed) {
                transaction.audit(actor, action, target, detail);
            }
            return removed;
        });
    }

    private static Map<String, String> toMap(List<StoredRestriction> rows) {
        Map<String, String> map = new LinkedHashMap<>();
        rows.forEach(r -> map.put(r.role(), r.spec()));
        return map;
    }
}
