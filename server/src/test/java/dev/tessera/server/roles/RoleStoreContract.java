package dev.tessera.server.roles;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.tessera.auth.spi.Identity;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store's behaviour, run against each real database it supports (H2 embedded, PostgreSQL shared): roles, local
 * users and the audit log, sharing one database and its transactions.
 */
abstract class RoleStoreContract {

    private ManagedDataSource dataSource;
    private StoreTransactions transactions;
    private RoleStore store;
    private LocalUserStore users;
    private AuditLog audit;

    /** A database with no Tessera tables in it. */
    protected abstract DataSourceFactory emptyDatabase() throws Exception;

    @BeforeEach
    void migrate() throws Exception {
        DataSourceFactory database = emptyDatabase();
        StoreMigrations.migrate(database);
        dataSource = database.build(new MetricRegistry(), "test");
        transactions = newTransactions();
        store = new RoleStore(transactions);
        users = new LocalUserStore(transactions, "basic");
        audit = new AuditLog(transactions);
    }

    private StoreTransactions newTransactions() {
        return new StoreTransactions(Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()), Clock.systemUTC());
    }

    @AfterEach
    void close() throws Exception {
        dataSource.stop();
    }

    @Test
    void grantsAreIdempotentAndRevocable() {
        assertThat(store.grant("root", "alice", "ROLE_USER")).isTrue();
        assertThat(store.grant("root", "alice", "ROLE_USER")).isFalse();
        assertThat(store.grant("root", "alice", "ROLE_FR")).isTrue();
        assertThat(store.rolesOf("alice")).containsExactly("ROLE_FR", "ROLE_USER");
        assertThat(store.revoke("root", "alice", "ROLE_FR")).isTrue();
        assertThat(store.revoke("root", "alice", "ROLE_FR")).isFalse();
        assertThat(store.rolesOf("alice")).containsExactly("ROLE_USER");
        assertThat(store.isKnownUser("alice")).isTrue();
        assertThat(store.isKnownUser("nobody")).isFalse();
    }

    @Test
    void settingRolesReplacesThemWhole() {
        store.grant("root", "bob", "ROLE_OLD");
        store.setUserRoles("root", "bob", Set.of("ROLE_A", "ROLE_B"));
        assertThat(store.rolesOf("bob")).containsExactly("ROLE_A", "ROLE_B");
        assertThat(store.users()).containsEntry("bob", List.of("ROLE_A", "ROLE_B"));
        assertThat(store.anyoneHolds("ROLE_A")).isTrue();
        assertThat(store.anyoneHolds("ROLE_OLD")).isFalse();
    }

    @Test
    void mappingsAndDefaultsAreKeptPerBackend() {
        store.setMapping("root", "ldap", "analysts", Set.of("ROLE_USER", "ROLE_ANALYST"));
        store.setMapping("root", "oidc", "analysts", Set.of("ROLE_OTHER"));
        assertThat(store.mappedRoles("ldap", Set.of("analysts", "unmapped"))).containsExactly("ROLE_ANALYST", "ROLE_USER");
        assertThat(store.mappings()).containsEntry("oidc", Map.of("analysts", List.of("ROLE_OTHER")));
        store.seedMapping("ldap", "analysts", Set.of("ROLE_SEED"));
        assertThat(store.mappedRoles("ldap", Set.of("analysts"))).doesNotContain("ROLE_SEED");
        assertThat(store.deleteMapping("root", "ldap", "analysts")).isTrue();
        assertThat(store.mappedRoles("ldap", Set.of("analysts"))).isEmpty();

        store.setDefaultRoles("root", "kerberos", Set.of("ROLE_GUEST"));
        store.seedDefaultRoles("kerberos", Set.of("ROLE_IGNORED"));
        assertThat(store.defaultRoles("kerberos")).containsExactly("ROLE_GUEST");
        store.setDefaultRoles("root", "kerberos", Set.of());
        assertThat(store.defaultRoles("kerberos")).isEmpty();
    }

    @Test
    void restrictionsAreUpsertedAndDeleted() {
        store.putRestriction("root", "ROLE_FR", "{\"sales\":{\"geo.country\":[\"France\"]}}");
        store.putRestriction("root", "ROLE_FR", "{\"sales\":{\"geo.country\":[\"France\",\"Monaco\"]}}");
        assertThat(store.restrictionsOf(Set.of("ROLE_FR", "ROLE_USER")))
                .containsExactly(Map.entry("ROLE_FR", "{\"sales\":{\"geo.country\":[\"France\",\"Monaco\"]}}"));
        assertThat(store.deleteRestriction("root", "ROLE_FR")).isTrue();
        assertThat(store.restrictions()).isEmpty();
    }

    @Test
    void localUsersAreUniqueAndSurviveANewConnection() throws Exception {
        assertThat(users.insert("root", "carol", "$argon2id$hash1")).isTrue();
        assertThat(users.insert("root", "carol", "$argon2id$hash2")).isFalse();
        assertThat(users.updatePasswordHash("root", "carol", "$argon2id$hash3")).isTrue();
        assertThat(new LocalUserStore(newTransactions(), "basic").passwordHash("carol")).contains("$argon2id$hash3");
        assertThat(users.delete("root", "carol")).isTrue();
        assertThat(users.passwordHash("carol")).isEmpty();
        assertThat(users.updatePasswordHash("root", "carol", "$argon2id$hash4")).isFalse();
        assertThat(users.delete("root", "carol")).isFalse();
    }

    @Test
    void aLocalUserIsBoundToItsBackendAndKnownToTheRoleStore() {
        users.insert("root", "iris", "$argon2id$hash1");
        assertThat(store.backendsOf("iris")).containsExactly("basic");
        assertThat(store.isKnownUser("iris")).isTrue();
        assertThat(store.users()).containsEntry("iris", List.of());
    }

    @Test
    void localUserChangesAreAuditedOnlyWhenTheyHappen() {
        users.insert("root", "jane", "$argon2id$hash1");
        users.insert("root", "jane", "$argon2id$hash2");
        users.updatePasswordHash("root", "jane", "$argon2id$hash3");
        users.updatePasswordHash("root", "nobody", "$argon2id$hash3");
        users.delete("root", "jane");
        users.delete("root", "jane");
        assertThat(audit.entries(10, 0, Optional.empty())).extracting(AuditLog.Entry::action)
                .containsExactly("basic-user.delete", "basic-user.password", "basic-user.create");
    }

    /** The caches (roles, credentials) are cleared through these: each committed change says whom it concerned. */
    @Test
    void everyCommittedChangeIsAnnouncedWithItsUser() {
        List<String> announced = new CopyOnWriteArrayList<>();
        transactions.onChange(username -> announced.add(String.valueOf(username)));
        store.grant("root", "kim", "ROLE_USER");
        store.setMapping("root", "ldap", "analysts", Set.of("ROLE_USER"));
        users.insert("root", "lou", "$argon2id$hash1");
        users.updatePasswordHash("root", "lou", "$argon2id$hash2");
        users.delete("root", "lou");
        store.touch("kim", "basic");
        store.bindOnFirstSignIn("max", "ldap");
        audit.record("anonymous", "login.refused", "kim", "basic: invalid username or password");
        assertThat(announced).containsExactly("kim", "null", "lou", "lou", "lou");
    }

    /** The admin console shows them; a sign-in with the same provider roles as last time writes nothing. */
    @Test
    void providerRolesAreWrittenOnlyWhenTheyChange() {
        List<String> announced = new CopyOnWriteArrayList<>();
        transactions.onChange(username -> announced.add(String.valueOf(username)));
        assertThat(store.recordProviderRoles("nia", "ldap", Set.of("fr", "analysts"))).isTrue();
        RoleStore.ProviderRoles first = store.providerRoles().get("nia");
        assertThat(first.backend()).isEqualTo("ldap");
        assertThat(first.roles()).containsExactly("analysts", "fr");
        assertThat(store.recordProviderRoles("nia", "ldap", Set.of("analysts", "fr"))).isFalse();
        assertThat(store.providerRoles()).containsEntry("nia", first);
        assertThat(store.recordProviderRoles("nia", "ldap", Set.of("fr"))).isTrue();
        assertThat(store.providerRoles().get("nia").roles()).containsExactly("fr");
        assertThat(store.recordProviderRoles("nia", "oidc", Set.of("fr"))).isTrue();
        assertThat(store.recordProviderRoles("nia", "oidc", Set.of())).isTrue();
        assertThat(store.recordProviderRoles("nia", "oidc", Set.of())).isFalse();
        assertThat(store.providerRoles().get("nia").roles()).isEmpty();
        assertThat(store.providerRoles().get("nia").backend()).isEqualTo("oidc");
        assertThat(store.providerRoles()).doesNotContainKey("kim");
        assertThat(store.recordProviderRoles("nia", "oidc", Set.of("x".repeat(1001)))).isFalse();
        assertThat(announced).isEmpty();
    }

    /** The resolver records what each sign-in brings, and previews roles by the very rules a sign-in uses. */
    @Test
    void theResolverRecordsProviderRolesAndPreviewsEffectiveRoles() {
        RoleResolver resolver = new RoleResolver(store, new BackendBindings("basic", List.of()), Duration.ofMinutes(1),
                new MetricRegistry());
        store.setMapping("root", "ldap", "analysts", Set.of("ROLE_USER"));
        store.setDefaultRoles("root", "ldap", Set.of("ROLE_GUEST"));
        store.grant("root", "nia", "ROLE_FR");
        assertThat(resolver.resolve(new Identity("nia", "ldap", Set.of("analysts"), Map.of())).roles())
                .containsExactlyInAnyOrder("ROLE_FR", "ROLE_USER");
        assertThat(store.providerRoles().get("nia").roles()).containsExactly("analysts");
        resolver.resolve(new Identity("nia", "ldap", Set.of("analysts", "staff"), Map.of()));
        assertThat(store.providerRoles().get("nia").roles()).containsExactly("analysts", "staff");

        assertThat(resolver.preview("nia", "ldap", Set.of("analysts")).roles()).containsExactlyInAnyOrder("ROLE_FR", "ROLE_USER");
        assertThat(resolver.preview("ola", "ldap", Set.of("staff")).roles()).containsExactly("ROLE_GUEST");
        assertThat(resolver.preview("nia", "oidc", Set.of("analysts")).admitted()).isFalse();
        assertThat(store.backendsOf("ola")).isEmpty();
    }

    @Test
    void sessionsAreRevokedOnRequestAndByAPasswordChange() {
        assertThat(store.sessionsRevokedAt("gina")).isEmpty();
        store.revokeSessions("gina", "gina");
        assertThat(store.sessionsRevokedAt("gina")).isPresent();
        users.insert("root", "hank", "$argon2id$hash1");
        assertThat(store.sessionsRevokedAt("hank")).isEmpty();
        users.updatePasswordHash("root", "hank", "$argon2id$hash2");
        assertThat(store.sessionsRevokedAt("hank")).isPresent();
    }

    @Test
    void everyChangeIsAuditedNewestFirst() {
        store.grant("root", "dave", "ROLE_USER");
        store.revoke("root", "dave", "ROLE_USER");
        audit.record("anonymous", "login.refused", "dave", "basic: invalid username or password");
        var entries = audit.entries(10, 0, Optional.empty());
        assertThat(entries).extracting(AuditLog.Entry::action)
                .startsWith("login.refused", "user.roles.revoke", "user.roles.grant");
        assertThat(entries.get(1).actor()).isEqualTo("root");
        assertThat(audit.entries(10, 0, Optional.of("user.roles.grant"))).hasSize(1);
    }

    @Test
    void concurrentGrantsToOneUserAllLand() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> grants = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String role = "ROLE_" + i;
                grants.add(() -> store.grant("admin" + (role.hashCode() % 2), "erin", role));
            }
            for (Future<Boolean> granted : pool.invokeAll(grants)) {
                assertThat(granted.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(store.rolesOf("erin")).hasSize(40);
    }

    @Test
    void concurrentReplacementsLeaveOneWholeSet() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Set<String>> sets = List.of(Set.of("ROLE_A1", "ROLE_A2"), Set.of("ROLE_B1", "ROLE_B2"),
                Set.of("ROLE_C1", "ROLE_C2"), Set.of("ROLE_D1", "ROLE_D2"));
        try {
            List<Callable<Void>> writes = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (Set<String> roles : sets) {
                    writes.add(() -> {
                        store.setUserRoles("admin", "frank", roles);
                        return null;
                    });
                }
            }
            for (Future<Void> write : pool.invokeAll(writes)) {
                write.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(sets).contains(Set.copyOf(store.rolesOf("frank")));
    }
}
