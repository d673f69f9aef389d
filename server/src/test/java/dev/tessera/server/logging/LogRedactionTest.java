package dev.tessera.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.dropwizard.logging.common.DropwizardLayout;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** Dropwizard's own layout, made the way its logging factory makes it, writes through the redacting converters. */
class LogRedactionTest {

    private static String layOut(LoggerContext context, String pattern, LoggingEvent event) {
        DropwizardLayout layout = new DropwizardLayout(context, TimeZone.getTimeZone("UTC"));
        if (pattern != null) {
            layout.setPattern(pattern);
        }
        layout.start();
        return layout.doLayout(event);
    }

    private static LoggingEvent event(LoggerContext context, String message, Throwable thrown, Object... arguments) {
        return new LoggingEvent(LogRedactionTest.class.getName(), context.getLogger("test"), Level.DEBUG, message,
                thrown, arguments);
    }

    @Test
    void messagesAndStackTracesAreRedactedEvenAfterTheContextIsReset() {
        LoggerContext context = new LoggerContext();
        LogRedaction.install(context);
        context.reset(); // what Dropwizard does before it builds its appenders
        Exception thrown = new IllegalArgumentException("bad URI /callback?code=c0de-c0de-c0de&state=s1",
                new IllegalStateException("Authorization: Bearer opaque-access-token"));

        String line = layOut(context, null, event(context, "sending {} to {}", thrown, "client_secret=s3cr3t-s3cr3t",
                "/token"));

        assertThat(line).contains("sending client_secret=**** to /token", "code=****&state=s1", "Bearer ****",
                "IllegalArgumentException").doesNotContain("s3cr3t", "c0de-c0de", "opaque-access-token");
        assertThat(line.split("IllegalArgumentException", -1)).as("the trace is printed once").hasSize(2);
    }

    @Test
    void anOperatorsPatternIsRedactedToo() {
        LoggerContext context = new LoggerContext();
        LogRedaction.install(context);
        String line = layOut(context, "%-5level %msg | %message | %m | %xEx",
                event(context, "password: hunter2-hunter2", new RuntimeException("password=hunter2-hunter2")));
        assertThat(line).startsWith("DEBUG password: **** | password: **** | password: **** | ")
                .contains("password=****").doesNotContain("hunter2");
    }
}
