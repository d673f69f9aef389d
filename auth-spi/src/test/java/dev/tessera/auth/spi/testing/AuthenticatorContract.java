package dev.tessera.auth.spi.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.AuthenticatorFactory;
import dev.tessera.auth.spi.CredentialKind;
import dev.tessera.auth.spi.Credentials;
import io.dropwizard.jackson.DiscoverableSubtypeResolver;
import io.dropwizard.jackson.Jackson;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every backend must do, whatever its protocol. A backend's test extends this class and supplies a running
 * authenticator (against its real in-process server) and credentials of each sort.
 */
public abstract class AuthenticatorContract {

    /** The authenticator under test, built by its factory against a live provider. */
    protected abstract Authenticator authenticator() throws Exception;

    /** The factory class, which must be found through the services files. */
    protected abstract Class<? extends AuthenticatorFactory> factoryClass();

    /** Its {@code type:} name. */
    protected abstract String typeName();

    /** Credentials the provider accepts, for {@link #expectedUsername()}. */
    protected abstract Credentials goodCredentials() throws Exception;

    protected abstract String expectedUsername();

    /** Credentials of a kind this backend takes, but wrong. */
    protected abstract Credentials badCredentials() throws Exception;

    @Test
    void factoryIsDiscoverable() {
        List<Class<?>> subtypes = new DiscoverableSubtypeResolver().getDiscoveredSubtypes();
        assertThat(subtypes).contains(factoryClass());
    }

    @Test
    void typeNameResolvesToTheFactory() throws Exception {
        ObjectMapper mapper = Jackson.newObjectMapper();
        AuthenticatorFactory factory = mapper.readValue(minimalConfigJson(), AuthenticatorFactory.class);
        assertThat(factory).isInstanceOf(factoryClass());
    }

    /** The smallest JSON/YAML-shaped entry that names this type; override when required keys make it larger. */
    protected String minimalConfigJson() {
        return "{\"type\":\"" + typeName() + "\"}";
    }

    @Test
    void goodCredentialsAreAccepted() throws Exception {
        AuthOutcome outcome = authenticator().authenticate(goodCredentials());
        assertThat(outcome).isInstanceOf(AuthOutcome.Accepted.class);
        assertThat(((AuthOutcome.Accepted) outcome).identity().username()).isEqualTo(expectedUsername());
    }

    @Test
    void badCredentialsAreRejectedNotThrown() throws Exception {
        AuthOutcome outcome = authenticator().authenticate(badCredentials());
        assertThat(outcome).isInstanceOf(AuthOutcome.Rejected.class);
        assertThat(((AuthOutcome.Rejected) outcome).reason()).isNotBlank();
    }

    @Test
    void announcesAChallengeForEachCredentialItTakes() throws Exception {
        Authenticator authenticator = authenticator();
        assertThat(authenticator.accepts()).isNotEmpty();
        assertThat(authenticator.challenge()).isNotBlank();
        assertThat(authenticator.accepts()).contains(goodCredentials().kind());
    }

    @Test
    void credentialsNeverPrintTheirSecret() throws Exception {
        Credentials good = goodCredentials();
        if (good instanceof Credentials.Password password) {
            assertThat(good.toString()).doesNotContain(password.password());
        } else if (good instanceof Credentials.Bearer bearer) {
            assertThat(good.toString()).doesNotContain(bearer.token());
        }
        assertThat(good.kind()).isIn((Object[]) CredentialKind.values());
    }
}
