package dev.tessera.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.BrowserLogin;
import dev.tessera.auth.spi.CredentialKind;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.Identity;
import dev.tessera.auth.spi.LoginFailedException;
import dev.tessera.auth.spi.ProviderUnavailableException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SessionRefresherTest {

    /** A provider whose answer to a refresh the test decides. */
    private static final class Provider implements BrowserLogin {
        final AtomicInteger refreshes = new AtomicInteger();
        Exception failure;

        @Override
        public String providerId() {
            return "idp";
        }

        @Override
        public LoginRedirect begin(URI callbackUri) {
            return new LoginRedirect(callbackUri, "state");
        }

        @Override
        public Identity complete(Map<String, String> parameters, String state, URI callbackUri) {
            return Identity.of("ann", "idp");
        }

        @Override
        public Session refresh(String refreshToken) throws LoginFailedException, ProviderUnavailableException {
            refreshes.incrementAndGet();
            if (failure instanceof LoginFailedException refused) {
                throw refused;
            }
            if (failure instanceof ProviderUnavailableException down) {
                throw down;
            }
            return new Session(new Identity("ann", "idp", Set.of("fresh"), Map.of()), Optional.of(refreshToken + "-2"),
                    Optional.of(Instant.now().plusSeconds(300)));
        }
    }

    private final Provider provider = new Provider();
    private final SessionRefresher refresher = new SessionRefresher(new AuthChain(List.of(new AuthChain.Backend("idp",
            new Authenticator() {
                @Override
                public Set<CredentialKind> accepts() {
                    return Set.of(CredentialKind.BEARER);
                }

                @Override
                public String challenge() {
                    return "Bearer";
                }

                @Override
                public AuthOutcome authenticate(Credentials credentials) {
                    return AuthOutcome.notMine();
                }

                @Override
                public Optional<BrowserLogin> browserLogin() {
                    return Optional.of(provider);
                }
            })), null, new FailedLoginThrottle(5, Duration.ofMinutes(1), Clock.systemUTC(), null), new MetricRegistry()),
            Clock.systemUTC());

    private static BrowserLogin.Session session(Instant recheckAt) {
        return new BrowserLogin.Session(Identity.of("ann", "idp"), Optional.of("rt-1"), Optional.of(recheckAt));
    }

    @Test
    void notDueIsLeftAlone() {
        assertThat(refresher.refreshIfDue(session(Instant.now().plusSeconds(60))))
                .isInstanceOf(SessionRefresher.Outcome.Unchanged.class);
        assertThat(provider.refreshes).hasValue(0);
    }

    @Test
    void dueIsRefreshedOnceForEveryRequestCarryingTheSameToken() {
        BrowserLogin.Session due = session(Instant.now().minusSeconds(1));
        SessionRefresher.Outcome first = refresher.refreshIfDue(due);
        SessionRefresher.Outcome second = refresher.refreshIfDue(due);
        assertThat(first).isInstanceOf(SessionRefresher.Outcome.Refreshed.class);
        assertThat(((SessionRefresher.Outcome.Refreshed) first).session().identity().providerRoles()).containsExactly("fresh");
        assertThat(second).isEqualTo(first);
        assertThat(provider.refreshes).hasValue(1);
    }

    @Test
    void aRefusedRefreshEndsTheSession() {
        provider.failure = new LoginFailedException("The identity provider ended this session.");
        assertThat(refresher.refreshIfDue(session(Instant.now().minusSeconds(1))))
                .isEqualTo(new SessionRefresher.Outcome.Ended("The identity provider ended this session."));
    }

    @Test
    void aProviderThatIsDownLeavesTheSessionAsItIs() {
        provider.failure = new ProviderUnavailableException("idp", "down", null);
        assertThat(refresher.refreshIfDue(session(Instant.now().minusSeconds(1))))
                .isInstanceOf(SessionRefresher.Outcome.Unchanged.class);
    }

    @Test
    void refreshTokensAreSealedNotJustSigned() {
        SignedTokens tokens = new SignedTokens(new byte[32], new ObjectMapper(), Clock.systemUTC());
        String sealed = tokens.seal("refresh-token-value");
        assertThat(sealed).doesNotContain("refresh");
        assertThat(tokens.open(sealed)).contains("refresh-token-value");
        assertThat(tokens.seal("refresh-token-value")).isNotEqualTo(sealed);
        char[] tampered = sealed.toCharArray();
        tampered[20] = tampered[20] == 'A' ? 'B' : 'A';
        assertThat(tokens.open(new String(tampered))).isEmpty();
        assertThat(new SignedTokens(new byte[] {1}, new ObjectMapper(), Clock.systemUTC()).open(sealed)).isEmpty();
    }
}
