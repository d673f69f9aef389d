package dev.tessera.server;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.util.Arrays;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin port serves health checks, metrics and tasks (one of which turns any logger to DEBUG) without a login,
 * so it listens on loopback unless the configuration names another address: a config that says nothing, like the
 * shipped one, exposes nothing.
 */
final class AdminPort {

    static final String LOOPBACK = "127.0.0.1";
    private static final Logger LOG = LoggerFactory.getLogger(AdminPort.class);
    /** The name Dropwizard's default server gives the connectors it makes from {@code server.adminConnectors}. */
    private static final String CONNECTOR_NAME = "admin";

    private AdminPort() {}

    /** Binds every admin connector without a {@code bindHost} to {@value #LOOPBACK}; must run before the server is built. */
    static void keepOnLoopback(ServerFactory server) {
        if (!(server instanceof DefaultServerFactory defaults)) {
            throw new IllegalStateException("server.type: Tessera needs the default server, whose admin port is its "
                    + "own and listens on " + LOOPBACK + "; the simple server would put the admin tasks (log level, "
                    + "garbage collection) on the application port, open to anyone who reaches it");
        }
        for (ConnectorFactory connector : defaults.getAdminConnectors()) {
            if (!(connector instanceof HttpConnectorFactory http)) {
                throw new IllegalStateException("server.adminConnectors: Tessera cannot bind a connector of type "
                        + connector.getClass().getSimpleName() + " to " + LOOPBACK + "; use type http or https");
            }
            if (http.getBindHost() == null || http.getBindHost().isBlank()) {
                http.setBindHost(LOOPBACK);
            }
        }
    }

    /** One line at start-up per admin connector: where it listens, and a warning when that is beyond this machine. */
    static void logWhereItListens(Server server) {
        Arrays.stream(server.getConnectors())
                .filter(connector -> CONNECTOR_NAME.equals(connector.getName()))
                .map(ServerConnector.class::cast)
                .forEach(connector -> log(connector.getHost(), connector.getLocalPort()));
    }

    private static void log(String host, int port) {
        if (isLoopback(host)) {
            LOG.info("Admin port (health checks, metrics, tasks) listens on {}:{} only; "
                    + "set server.adminConnectors[].bindHost to serve it elsewhere", host, port);
        } else {
            LOG.warn("Admin port listens on {}:{} (server.adminConnectors[].bindHost): its tasks, which change log "
                    + "levels, need no login; let only trusted hosts reach it", host == null ? "every address" : host, port);
        }
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.startsWith("127.") || host.equals("localhost") || host.equals("::1")
                || host.equals("[::1]"));
    }
}
