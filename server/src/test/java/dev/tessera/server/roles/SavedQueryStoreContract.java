package dev.tessera.server.roles;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.tessera.server.roles.SavedQueryStore.Outcome;
import dev.tessera.server.roles.SavedQueryStore.StoredQuery;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Saved queries and their shares, run against each real database the store supports (H2, PostgreSQL). */
abstract class SavedQueryStoreContract {

    static final String QUERY = "{\"measures\":[\"amount\"],\"levels\":[\"geo.country\"]}";

    private ManagedDataSource dataSource;
    private SavedQueryStore store;
    private AuditLog audit;

    /** A database with no Tessera tables in it. */
    protected abstract DataSourceFactory emptyDatabase() throws Exception;

    @BeforeEach
    void migrate() throws Exception {
        DataSourceFactory database = emptyDatabase();
        StoreMigrations.migrate(database);
        dataSource = database.build(new MetricRegistry(), "test");
        StoreTransactions transactions =
                new StoreTransactions(Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()), Clock.systemUTC());
        store = new SavedQueryStore(transactions);
        audit = new AuditLog(transactions);
    }

    @AfterEach
    void close() throws Exception {
        dataSource.stop();
    }

    StoredQuery create(String owner, String name) {
        SavedQueryStore.Created created = store.create(owner, name, "sales", QUERY, 10);
        assertThat(created.outcome()).isEqualTo(Outcome.DONE);
        return store.byId(created.id()).orElseThrow();
    }

    @Test
    void queriesKeepTheirJsonAndNamesAreUniquePerOwner() {
        StoredQuery saved = create("franz", "By country");
        assertThat(saved.queryJson()).isEqualTo(QUERY);
        assertThat(saved.createdAt()).isNotNull();
        assertThat(store.create("franz", "By country", "sales", QUERY, 10).outcome()).isEqualTo(Outcome.NAME_TAKEN);
        assertThat(store.create("greta", "By country", "sales", QUERY, 10).outcome()).isEqualTo(Outcome.DONE);
        StoredQuery other = create("franz", "Other");
        assertThat(store.update("franz", other, "By country", "sales", QUERY)).isEqualTo(Outcome.NAME_TAKEN);
        assertThat(store.update("franz", other, "Renamed", "orders", "{}")).isEqualTo(Outcome.DONE);
        assertThat(store.byId(other.id()).orElseThrow().cube()).isEqualTo("orders");
        assertThat(store.ownedBy("franz")).extracting(StoredQuery::name).containsExactly("By country", "Renamed");
        assertThat(saved.id()).isNotEqualTo(other.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void anOwnerKeepsAtMostTheCap() {
        for (int i = 0; i < 3; i++) {
            assertThat(store.create("ann", "q" + i, "sales", QUERY, 3).outcome()).isEqualTo(Outcome.DONE);
        }
        assertThat(store.create("ann", "q3", "sales", QUERY, 3).outcome()).isEqualTo(Outcome.TOO_MANY);
    }

    @Test
    void sharesReachNamedUsersAndRoleHoldersButNotTheOwner() {
        StoredQuery byName = create("franz", "to greta");
        StoredQuery byRole = create("franz", "to ROLE_DE");
        assertThat(store.share("franz", byName, SavedQueryStore.USER, "greta", 5)).isEqualTo(Outcome.DONE);
        assertThat(store.share("franz", byName, SavedQueryStore.USER, "greta", 5)).isEqualTo(Outcome.UNCHANGED);
        assertThat(store.share("franz", byRole, SavedQueryStore.ROLE, "ROLE_DE", 5)).isEqualTo(Outcome.DONE);
        assertThat(store.share("franz", byRole, SavedQueryStore.USER, "franz", 5)).isEqualTo(Outcome.DONE);

        assertThat(store.sharedWith("greta", Set.of("ROLE_USER"))).extracting(StoredQuery::name).containsExactly("to greta");
        assertThat(store.sharedWith("hans", Set.of("ROLE_USER", "ROLE_DE"))).extracting(StoredQuery::name)
                .containsExactly("to ROLE_DE");
        assertThat(store.sharedWith("greta", Set.of("ROLE_DE"))).hasSize(2);
        assertThat(store.sharedWith("franz", Set.of("ROLE_DE"))).isEmpty();
        assertThat(store.sharedWith("greta", Set.of())).hasSize(1);

        assertThat(store.unshare("franz", byName, SavedQueryStore.USER, "greta")).isEqualTo(Outcome.DONE);
        assertThat(store.unshare("franz", byName, SavedQueryStore.USER, "greta")).isEqualTo(Outcome.UNCHANGED);
        assertThat(store.sharedWith("greta", Set.of("ROLE_USER"))).isEmpty();
    }

    @Test
    void sharesPerQueryAreCappedAndGoWithTheQuery() {
        StoredQuery query = create("franz", "popular");
        assertThat(store.share("franz", query, SavedQueryStore.USER, "a", 2)).isEqualTo(Outcome.DONE);
        assertThat(store.share("franz", query, SavedQueryStore.ROLE, "ROLE_B", 2)).isEqualTo(Outcome.DONE);
        assertThat(store.share("franz", query, SavedQueryStore.USER, "c", 2)).isEqualTo(Outcome.TOO_MANY);
        assertThat(store.sharesOf(List.of(query.id()))).hasSize(2);
        assertThat(store.delete("franz", query)).isEqualTo(Outcome.DONE);
        assertThat(store.sharesOf(List.of(query.id()))).isEmpty();
        assertThat(store.byId(query.id())).isEmpty();
        assertThat(store.share("franz", query, SavedQueryStore.USER, "a", 2)).isEqualTo(Outcome.NOT_FOUND);
    }

    @Test
    void everyChangeIsAudited() {
        StoredQuery query = create("franz", "audited");
        store.update("franz", query, "audited 2", "sales", QUERY);
        store.share("franz", query, SavedQueryStore.ROLE, "ROLE_DE", 5);
        store.unshare("franz", query, SavedQueryStore.ROLE, "ROLE_DE");
        store.delete("franz", query);
        assertThat(audit.entries(10, 0, Optional.empty())).extracting(AuditLog.Entry::action).containsExactly(
                "saved-query.delete", "saved-query.unshare", "saved-query.share", "saved-query.update", "saved-query.create");
        assertThat(audit.entries(10, 0, Optional.of("saved-query.share")).get(0).detail()).isEqualTo("role:ROLE_DE");
        assertThat(store.all(10, 0)).isEmpty();
    }
}
