package dev.tessera.auth.ldap;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.AuthenticatorFactory;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.Identity;
import dev.tessera.auth.spi.ProviderUnavailableException;
import dev.tessera.auth.spi.testing.TestAuthEnvironment;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.validation.BaseValidator;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Builds backends from config maps shaped like an {@code auth.backends} entry. */
final class LdapTestSupport {

    static final ObjectMapper MAPPER = Jackson.newObjectMapper();
    private static final Validator VALIDATOR = BaseValidator.newValidator();

    private LdapTestSupport() {}

    static LdapAuthenticatorFactory factory(Map<String, Object> config) {
        return (LdapAuthenticatorFactory) MAPPER.convertValue(config, AuthenticatorFactory.class);
    }

    /** The messages a person would read at start-up, empty when the config is valid. */
    static Set<String> violations(Map<String, Object> config) {
        return VALIDATOR.validate(factory(config)).stream().map(LdapTestSupport::describe).collect(Collectors.toSet());
    }

    private static String describe(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        return path.isEmpty() ? violation.getMessage() : path + " " + violation.getMessage();
    }

    static Authenticator build(Map<String, Object> config, MetricRegistry metrics) throws Exception {
        LdapAuthenticatorFactory factory = factory(config);
        Set<String> problems = VALIDATOR.validate(factory).stream().map(LdapTestSupport::describe)
                .collect(Collectors.toSet());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid test config: " + problems);
        }
        return factory.build(TestAuthEnvironment.of(factory.name()).withMetrics(metrics));
    }

    static AuthOutcome login(Authenticator authenticator, String username, String password)
            throws ProviderUnavailableException {
        return authenticator.authenticate(new Credentials.Password(username, password));
    }

    static Identity accepted(AuthOutcome outcome) {
        if (outcome instanceof AuthOutcome.Accepted accepted) {
            return accepted.identity();
        }
        throw new AssertionError("expected Accepted, got " + outcome);
    }

    /** A loopback port nothing listens on (connections are refused). */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Collects what the LDAP backend logs from now on, to check what an operator would read. */
    static ListAppender<ILoggingEvent> captureLogs() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger("dev.tessera.auth.ldap")).addAppender(appender);
        return appender;
    }
}
