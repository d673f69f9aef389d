package dev.tessera.server.roles;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Saved queries and their read-only shares, in the role store's database. Every change is audited in its own
 * transaction ({@link StoreTransactions}). Ids are random (122 bits): knowing one's own id says nothing about
 * another's, and every read is still checked against the caller by the server.
 */
public final class SavedQueryStore {

    /** One saved query as stored; {@code queryJson} is the query endpoint's JSON body. */
    public record StoredQuery(String id, String owner, String name, String cube, String queryJson, Instant createdAt,
                              Instant updatedAt) {}

    /** Who one query is shared with: {@code kind} is {@link #USER} or {@link #ROLE}. */
    public record Share(String queryId, String kind, String grantee) {}

    public static final String USER = "user";
    public static final String ROLE = "role";

    /** What a change found; the server turns each into its answer. */
    public enum Outcome { DONE, UNCHANGED, NAME_TAKEN, TOO_MANY, NOT_FOUND }

    private final StoreTransactions store;

    public SavedQueryStore(StoreTransactions store) {
        this.store = store;
    }

    // --- reads -----------------------------------------------------------------------------------------------

    public Optional<StoredQuery> byId(String id) {
        return store.read(SavedQueryDao.class, dao -> dao.byId(id));
    }

    public List<StoredQuery> ownedBy(String owner) {
        return store.read(SavedQueryDao.class, dao -> dao.ownedBy(owner));
    }

    /** Queries of others shared with this user by name or with one of these roles. */
    public List<StoredQuery> sharedWith(String username, Set<String> roles) {
        return store.read(SavedQueryDao.class, dao -> dao.sharedWith(username, roles.isEmpty() ? Set.of("") : roles));
    }

    public List<StoredQuery> all(int limit, int offset) {
        return store.read(SavedQueryDao.class, dao -> dao.all(limit, offset));
    }

    public List<Share> sharesOf(Collection<String> ids) {
        return ids.isEmpty() ? List.of() : store.read(SavedQueryDao.class, dao -> dao.sharesOf(ids));
    }

    // --- changes ---------------------------------------------------------------------------------------------

    /** Saves a new query for its owner; the id is in the answer when it is {@link Outcome#DONE}. */
    public Created create(String owner, String name, String cube, String queryJson, int maxPerOwner) {
        String id = newId();
        Outcome outcome = store.writeUnannounced(transaction -> {
            SavedQueryDao dao = transaction.dao(SavedQueryDao.class);
            if (dao.nameTaken(owner, name, id) > 0) {
                return Outcome.NAME_TAKEN;
            }
            if (dao.countOwnedBy(owner) >= maxPerOwner) {
                return Outcome.TOO_MANY;
            }
            dao.insert(id, owner, name, cube, queryJson, transaction.now());
            transaction.audit(owner, "saved-query.create", id, name);
            return Outcome.DONE;
        });
        return new Created(outcome, id);
    }

    /** The outcome of {@link #create}, and the new query's id. */
    public record Created(Outcome outcome, String id) {}

    /** Replaces name, cube and query of a query the caller has already been checked to own. */
    public Outcome update(String actor, StoredQuery query, String name, String cube, String queryJson) {
        return store.writeUnannounced(transaction -> {
            SavedQueryDao dao = transaction.dao(SavedQueryDao.class);
            if (dao.nameTaken(query.owner(), name, query.id()) > 0) {
                return Outcome.NAME_TAKEN;
            }
            if (dao.update(query.id(), name, cube, queryJson, transaction.now()) == 0) {
                return Outcome.NOT_FOUND;
            }
            transaction.audit(actor, "saved-query.update", query.id(), name);
            return Outcome.DONE;
        });
    }

    public Outcome delete(String actor, StoredQuery query) {
        return store.writeUnannounced(transaction -> {
            SavedQueryDao dao = transaction.dao(SavedQueryDao.class);
            dao.deleteShares(query.id());
            if (dao.delete(query.id()) == 0) {
                return Outcome.NOT_FOUND;
            }
            transaction.audit(actor, "saved-query.delete", query.id(), query.name());
            return Outcome.DONE;
        });
    }

    /** Shares read-only with a user or a role; {@link Outcome#UNCHANGED} when it already was. */
    public Outcome share(String actor, StoredQuery query, String kind, String grantee, int maxShares) {
        return store.writeUnannounced(transaction -> {
            SavedQueryDao dao = transaction.dao(SavedQueryDao.class);
            if (dao.byId(query.id()).isEmpty()) {
                return Outcome.NOT_FOUND;
            }
            if (dao.shareExists(query.id(), kind, grantee) > 0) {
                return Outcome.UNCHANGED;
            }
            if (dao.shareCount(query.id()) >= maxShares) {
                return Outcome.TOO_MANY;
            }
            dao.insertShare(query.id(), kind, grantee, actor, transaction.now());
            transaction.audit(actor, "saved-query.share", query.id(), kind + ":" + grantee);
            return Outcome.DONE;
        });
    }

    public Outcome unshare(String actor, StoredQuery query, String kind, String grantee) {
        return store.writeUnannounced(transaction -> {
            if (transaction.dao(SavedQueryDao.class).deleteShare(query.id(), kind, grantee) == 0) {
                return Outcome.UNCHANGED;
            }
            transaction.audit(actor, "saved-query.unshare", query.id(), kind + ":" + grantee);
            return Outcome.DONE;
        });
    }

    /** A version-4 UUID: 122 bits from {@code SecureRandom}. */
    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
