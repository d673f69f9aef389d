package dev.tessera.server.logging;

import ch.qos.logback.access.jetty.RequestLogImpl;
import ch.qos.logback.core.status.Status;
import io.dropwizard.core.setup.Environment;
import java.util.Optional;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logback-access prints its own start-up status to the console, in a format of its own: which versions of its jars
 * it found, and which it expected. This keeps it quiet and passes on, through the application's log, only what
 * needs acting on: its warnings and errors.
 */
public final class AccessLogStatus {

    private static final Logger LOG = LoggerFactory.getLogger(AccessLogStatus.class);

    private AccessLogStatus() {}

    /** Dropwizard gives Jetty its request log while building the server, after run(): this acts as it starts. */
    public static void install(Environment environment) {
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                accessLogOf(event).ifPresent(log -> log.setQuiet(true));
            }

            @Override
            public void lifeCycleStarted(LifeCycle event) {
                accessLogOf(event).ifPresent(AccessLogStatus::report);
            }
        });
    }

    /** Logs the access log's warnings and errors; its plain information stays out of sight. */
    static void report(RequestLogImpl accessLog) {
        accessLog.getStatusManager().getCopyOfStatusList().stream()
                .filter(status -> status.getEffectiveLevel() >= Status.WARN)
                .forEach(status -> LOG.warn("Request log: {}", status.getMessage()));
    }

    private static Optional<RequestLogImpl> accessLogOf(LifeCycle event) {
        if (event instanceof Server server && server.getRequestLog() instanceof RequestLogImpl accessLog) {
            return Optional.of(accessLog);
        }
        return Optional.empty();
    }
}
