package dev.tessera.server.replicas;

import com.codahale.metrics.health.HealthCheck;
import dev.tessera.server.roles.StoreTransactions;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;

/**
 * Wires the change feed between replicas: on PostgreSQL, a listener that hands other replicas' changes to this
 * server's caches, with its health check; on H2 (one server) nothing to hear, as every change is made here and
 * already clears the caches in-process.
 */
public final class ChangeFeed {

    private ChangeFeed() {
    }

    public static void listen(DataSourceFactory database, ChangeNotifications notifications, StoreTransactions store,
                              Environment environment) {
        if (!ChangeNotifications.supported(database)) {
            environment.healthChecks().register("changeNotifications", new HealthCheck() {
                @Override
                protected Result check() {
                    return HealthChecks.up("single server (H2 store): changes are seen in-process");
                }
            });
            return;
        }
        ChangeListener listener = new ChangeListener(database, notifications, store::announce);
        environment.lifecycle().manage(listener);
        environment.healthChecks().register("changeNotifications", new ChangeListenerHealthCheck(listener));
    }
}
