package dev.tessera.server.roles;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.migrations.CloseableLiquibaseWithClassPathMigrationsFile;
import liquibase.Contexts;
import liquibase.LabelExpression;

/** Brings the role store's schema up to date at start, as {@code db migrate} does, so the first run just works. */
public final class StoreMigrations {

    private StoreMigrations() {}

    public static void migrate(DataSourceFactory database) throws Exception {
        // The Liquibase wrapper closes its data source, so it gets one of its own.
        ManagedDataSource dataSource = database.build(new MetricRegistry(), "migrations");
        try (CloseableLiquibaseWithClassPathMigrationsFile liquibase =
                     new CloseableLiquibaseWithClassPathMigrationsFile(dataSource, "migrations.xml")) {
            liquibase.update(new Contexts(), new LabelExpression());
        }
    }
}
