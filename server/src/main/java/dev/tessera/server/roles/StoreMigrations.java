package dev.tessera.server.roles;

import com.codahale.metrics.MetricRegistry;
import dev.tessera.server.store.H2Url;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.migrations.CloseableLiquibaseWithClassPathMigrationsFile;
import java.util.Map;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.ui.LoggerUIService;

/**
 * Brings the role store's schema up to date at start, as {@code db migrate} does, so the first run just works.
 * Being the first to open the store, it also tells a store held by another process from any other failure.
 * Liquibase's report ("Running Changeset", "UPDATE SUMMARY") goes to the {@code liquibase} logger rather than to
 * the console, where it would bury the first admin's password on a first start.
 */
public final class StoreMigrations {

    private StoreMigrations() {}

    public static void migrate(DataSourceFactory database) throws Exception {
        // The Liquibase wrapper closes its data source, so it gets one of its own.
        ManagedDataSource dataSource = database.build(new MetricRegistry(), "migrations");
        try (CloseableLiquibaseWithClassPathMigrationsFile liquibase =
                     new CloseableLiquibaseWithClassPathMigrationsFile(dataSource, "migrations.xml")) {
            liquibase.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
            Scope.child(Map.of(Scope.Attr.ui.name(), new LoggerUIService()),
                    () -> liquibase.update(new Contexts(), new LabelExpression()));
        } catch (Exception e) {
            throw StoreInUseException.from(e, storeName(database)).orElseThrow(() -> e);
        }
    }

    /** The store's file, or its URL without settings when it is not a plain file. */
    private static String storeName(DataSourceFactory database) {
        return H2Url.parse(database.getUrl())
                .map(h2 -> h2.baseFile().map(base -> base + ".mv.db").orElse(h2.database()))
                .orElse(database.getUrl());
    }
}
