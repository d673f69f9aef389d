package dev.tessera.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.access.jetty.RequestLogImpl;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.status.ErrorStatus;
import ch.qos.logback.core.status.InfoStatus;
import ch.qos.logback.core.status.WarnStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AccessLogStatusTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(AccessLogStatus.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    AccessLogStatusTest() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(logged);
    }

    @Test
    void warningsAndErrorsReachTheLogAndInformationDoesNot() {
        RequestLogImpl accessLog = new RequestLogImpl();
        accessLog.getStatusManager().add(new InfoStatus("Found logback-core version 1.5.32", accessLog));
        accessLog.getStatusManager().add(new WarnStatus("Versions of logback-access-common and jetty12 differ", accessLog));
        accessLog.getStatusManager().add(new ErrorStatus("Could not open the access log file", accessLog));

        AccessLogStatus.report(accessLog);

        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "Request log: Versions of logback-access-common and jetty12 differ",
                "Request log: Could not open the access log file");
    }
}
