package dev.tessera.auth.spi.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.AuthenticatorFactory;
import dev.tessera.auth.spi.CredentialKind;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.ProviderUnavailableException;
import io.dropwizard.jackson.DiscoverableSubtypeResolver;
import io.dropwizard.jackson.Jackson;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every backend must do, whatever its protocol. A backend's test extends this class and supplies a running
 * authenticator (against its real in-process server), credentials of each sort, the same backend with its provider
 * down, and a config entry holding every secret it takes.
 */
public abstract class AuthenticatorContract {

    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();

    /** One credential of each kind, none of them any backend's to accept. */
    private static final List<Credentials> ONE_OF_EACH_KIND = List.of(
            new Credentials.Password("contract-user", "contract-password"),
            new Credentials.Bearer("contract-token"),
            new Credentials.Negotiate(new byte[] {0x60, 0x01, 0x00}));

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

    /**
     * The backend built against a provider that cannot be reached, with credentials it would have to check there;
     * empty only for a backend that needs no provider to check a credential (Kerberos checks tickets with its
     * keytab alone).
     */
    protected abstract Optional<ProviderDown> providerDown() throws Exception;

    /** A backend whose provider is down, and a credential it cannot check without it. */
    public record ProviderDown(Authenticator authenticator, Credentials credentials) {}

    /** A config entry ({@code type} included) setting every secret the backend takes; {@link #minimalConfig()} by default. */
    protected Map<String, Object> configWithSecrets() {
        return minimalConfig();
    }

    /** The secret values in {@link #configWithSecrets()}; empty for a backend that takes none. */
    protected Set<String> secrets() {
        return Set.of();
    }

    /** The smallest entry that names this type; override when required keys make it larger. */
    protected Map<String, Object> minimalConfig() {
        return Map.of("type", typeName());
    }

    @Test
    void factoryIsDiscoverable() {
        List<Class<?>> subtypes = new DiscoverableSubtypeResolver().getDiscoveredSubtypes();
        assertThat(subtypes).contains(factoryClass());
    }

    @Test
    void typeNameResolvesToTheFactory() {
        AuthenticatorFactory factory = MAPPER.convertValue(minimalConfig(), AuthenticatorFactory.class);
        assertThat(factory).isInstanceOf(factoryClass());
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
        assertThat(authenticator.challenge()).isNotBlank();
        assertThat(authenticator.accepts()).contains(goodCredentials().kind(), badCredentials().kind());
    }

    /** The chain only passes a backend what it accepts, but a backend must not trust that: never a cast gone wrong. */
    @Test
    void aCredentialOfAKindItDoesNotTakeIsNotMine() throws Exception {
        Authenticator authenticator = authenticator();
        List<Credentials> foreign = ONE_OF_EACH_KIND.stream()
                .filter(credentials -> !authenticator.accepts().contains(credentials.kind()))
                .toList();
        assertThat(foreign).hasSize(CredentialKind.values().length - authenticator.accepts().size());
        for (Credentials credentials : foreign) {
            assertThat(authenticator.authenticate(credentials)).as(credentials.kind().name())
                    .isInstanceOf(AuthOutcome.NotMine.class);
        }
    }

    /** A provider that is down is a 503 to retry, never a 401 that sends the user to type a password again. */
    @Test
    void aProviderThatIsDownIsUnavailableNotARefusal() throws Exception {
        Optional<ProviderDown> down = providerDown();
        assumeTrue(down.isPresent(), "this backend checks credentials without a provider");
        assertThatThrownBy(() -> down.get().authenticator().authenticate(down.get().credentials()))
                .isInstanceOf(ProviderUnavailableException.class)
                .satisfies(e -> assertThat(((ProviderUnavailableException) e).retryAfter()).isPositive());
    }

    @Test
    void theFactoryNamesItselfButNoSecret() throws Exception {
        AuthenticatorFactory factory = MAPPER.convertValue(configWithSecrets(), AuthenticatorFactory.class);
        String printed = factory.toString();
        String serialized = MAPPER.writeValueAsString(factory);
        assertThat(printed).contains(factory.name());
        for (String secret : secrets()) {
            assertThat(printed).doesNotContain(secret);
            assertThat(serialized).doesNotContain(secret);
        }
    }

    @Test
    void credentialsNeverPrintTheirSecret() throws Exception {
        for (Credentials credentials : List.of(goodCredentials(), badCredentials())) {
            if (credentials instanceof Credentials.Password password) {
                assertThat(credentials.toString()).doesNotContain(password.password());
            } else if (credentials instanceof Credentials.Bearer bearer) {
                assertThat(credentials.toString()).doesNotContain(bearer.token());
            } else if (credentials instanceof Credentials.Negotiate negotiate) {
                assertThat(credentials.toString()).doesNotContain(Base64.getEncoder().encodeToString(negotiate.token()));
            }
        }
    }
}
