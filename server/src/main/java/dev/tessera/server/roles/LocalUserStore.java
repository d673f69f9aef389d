package dev.tessera.server.roles;

import dev.tessera.auth.spi.LocalUserRecords;
import dev.tessera.auth.spi.ProviderUnavailableException;
import java.util.Optional;
import org.jdbi.v3.core.JdbiException;

/**
 * Local users' password hashes, for the backend that keeps its users here (Basic). A new user is bound to that
 * backend in the same transaction, so no other backend can sign in as them first and inherit their grants; a new
 * password or a removal ends the user's sessions. Every change is audited in its transaction.
 */
public final class LocalUserStore implements LocalUserRecords {

    private final StoreTransactions store;
    private final String backend;

    /** @param backend the name of the backend whose users these are, to which new users are bound */
    public LocalUserStore(StoreTransactions store, String backend) {
        this.store = store;
        this.backend = backend;
    }

    /** A store that cannot be read makes a login unavailable (503), never refused (401). */
    @Override
    public Optional<String> passwordHash(String username) throws ProviderUnavailableException {
        try {
            return store.read(LocalUserDao.class, dao -> dao.passwordHash(username));
        } catch (JdbiException e) {
            throw new ProviderUnavailableException(backend, "the role store cannot be read", e);
        }
    }

    @Override
    public boolean insert(String actor, String username, String passwordHash) {
        return store.write(username, transaction -> {
            transaction.lockUser(username);
            LocalUserDao users = transaction.dao(LocalUserDao.class);
            if (users.passwordHash(username).isPresent()) {
                return false;
            }
            users.insert(username, passwordHash, transaction.now());
            RoleStoreDao bindings = transaction.dao(RoleStoreDao.class);
            if (!bindings.backendsOf(username).contains(backend)) {
                bindings.insertBackend(username, backend, actor, transaction.now());
            }
            transaction.audit(actor, "basic-user.create", username, null);
            return true;
        });
    }

    /** A new password also ends the user's sessions, which were opened with the old one. */
    @Override
    public boolean updatePasswordHash(String actor, String username, String passwordHash) {
        return store.write(username, transaction -> {
            boolean updated = transaction.dao(LocalUserDao.class).updatePassword(username, passwordHash, transaction.now()) > 0;
            if (updated) {
                transaction.dao(RoleStoreDao.class).revokeSessions(username, transaction.now());
                transaction.audit(actor, "basic-user.password", username, null);
            }
            return updated;
        });
    }

    @Override
    public boolean delete(String actor, String username) {
        return store.write(username, transaction -> {
            boolean removed = transaction.dao(LocalUserDao.class).delete(username) > 0;
            if (removed) {
                transaction.dao(RoleStoreDao.class).revokeSessions(username, transaction.now());
                transaction.audit(actor, "basic-user.delete", username, null);
            }
            return removed;
        });
    }

    /** Binds local users made before names were bound to backends (an older store) to this backend. */
    public void bindUnbound(RoleStore roles) {
        for (String username : store.read(LocalUserDao.class, LocalUserDao::unbound)) {
            roles.linkBackend("migration", username, backend);
        }
    }
}
