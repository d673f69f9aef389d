package dev.tessera.auth.ldap;

import static dev.tessera.auth.ldap.LdapTestSupport.accepted;
import static dev.tessera.auth.ldap.LdapTestSupport.captureLogs;
import static dev.tessera.auth.ldap.LdapTestSupport.closedPort;
import static dev.tessera.auth.ldap.LdapTestSupport.login;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.codahale.metrics.MetricRegistry;
import dev.tessera.auth.ldap.testing.LdapDirectoryFixture;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.ProviderUnavailableException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Failover, a directory that goes away and comes back, timeouts, TLS, and the success cache. */
class LdapConnectivityIT {

    private static LdapDirectoryFixture directory;
    private final List<Authenticator> opened = new ArrayList<>();
    private final MetricRegistry metrics = new MetricRegistry();

    @BeforeAll
    static void startDirectory() throws Exception {
        directory = LdapDirectoryFixture.start();
    }

    @AfterAll
    static void stopDirectory() throws Exception {
        directory.close();
    }

    @AfterEach
    void closeAuthenticatorsAndRestart() throws Exception {
        opened.forEach(Authenticator::close);
        directory.restart();
    }

    private Authenticator build(Map<String, Object> config) throws Exception {
        config.putIfAbsent("cache", Map.of("ttl", "0s"));
        Authenticator authenticator = LdapTestSupport.build(config, metrics);
        opened.add(authenticator);
        return authenticator;
    }

    private static Map<String, Object> config(boolean directBind) {
        Map<String, Object> config = directory.backendConfig();
        if (directBind) {
            config.remove("bindDn");
            config.remove("bindPassword");
            config.put("userDnPattern", "uid={0},ou=people,dc=example,dc=org");
        }
        return config;
    }

    @Test
    void whenTheFirstUrlIsDownTheSecondServes() throws Exception {
        Map<String, Object> config = directory.backendConfig();
        config.put("urls", List.of("ldap://127.0.0.1:" + closedPort(), directory.ldapUrl()));
        Authenticator ldap = build(config);
        for (int i = 0; i < 3; i++) {
            assertThat(accepted(login(ldap, "alice", "alice-secret")).providerRoles()).contains("analysts");
        }
        assertThat(login(ldap, "alice", "wrong")).isInstanceOf(AuthOutcome.Rejected.class);
    }

    @ParameterizedTest(name = "direct bind: {0}")
    @ValueSource(booleans = {false, true})
    void aDirectoryStoppedMidRunIsUnavailableThenServesAgainWhenBack(boolean directBind) throws Exception {
        Authenticator ldap = build(config(directBind));
        accepted(login(ldap, "alice", "alice-secret")); // pools now hold live connections

        ListAppender<ILoggingEvent> log = captureLogs();
        directory.stop();
        assertThatThrownBy(() -> login(ldap, "alice", "alice-secret"))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining(directory.ldapUrl())
                .satisfies(e -> assertThat(((ProviderUnavailableException) e).backend()).isEqualTo("ldap"));
        assertThatThrownBy(() -> login(ldap, "bob", "wrong")).isInstanceOf(ProviderUnavailableException.class);
        assertThat(log.list).anySatisfy(event -> assertThat(event.getFormattedMessage())
                .contains(directory.ldapUrl()));
        assertThat(log.list).allSatisfy(event -> assertThat(event.getFormattedMessage())
                .doesNotContain(LdapDirectoryFixture.BIND_PASSWORD).doesNotContain("alice-secret"));

        directory.restart();
        assertThat(accepted(login(ldap, "alice", "alice-secret")).providerRoles()).contains("admins");
        assertThat(login(ldap, "alice", "wrong")).isInstanceOf(AuthOutcome.Rejected.class);
    }

    @Test
    void aDirectoryDownAtStartUpDoesNotStopTheBackendFromStarting() throws Exception {
        directory.stop();
        Authenticator ldap = build(directory.backendConfig());
        assertThatThrownBy(() -> login(ldap, "alice", "alice-secret")).isInstanceOf(ProviderUnavailableException.class);
        directory.restart();
        accepted(login(ldap, "alice", "alice-secret"));
    }

    @Test
    void aDirectoryThatAcceptsButNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            String url = "ldap://127.0.0.1:" + silent.getLocalPort();
            Map<String, Object> config = directory.backendConfig();
            config.put("urls", List.of(url));
            config.put("responseTimeout", "300ms");
            Authenticator ldap = build(config);
            assertThatThrownBy(() -> login(ldap, "alice", "alice-secret"))
                    .isInstanceOf(ProviderUnavailableException.class)
                    .hasMessageContaining(url);
        }
    }

    @Test
    void aServiceAccountTheDirectoryRefusesFailsAtStartUp() {
        Map<String, Object> config = directory.backendConfig();
        config.put("bindPassword", "not-the-password");
        assertThatThrownBy(() -> build(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("check bindDn and bindPassword")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void manyConcurrentLoginsShareASmallPool() throws Exception {
        Map<String, Object> config = directory.backendConfig();
        config.put("poolSize", 2);
        Authenticator ldap = build(config);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<AuthOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                String user = i % 2 == 0 ? "alice" : "bob";
                String password = i % 4 == 3 ? "wrong" : LdapDirectoryFixture.PASSWORDS.get(user);
                outcomes.add(threads.submit(() -> login(ldap, user, password)));
            }
            for (int i = 0; i < outcomes.size(); i++) {
                AuthOutcome outcome = outcomes.get(i).get(30, TimeUnit.SECONDS);
                assertThat(outcome).isInstanceOf(i % 4 == 3 ? AuthOutcome.Rejected.class : AuthOutcome.Accepted.class);
                if (outcome instanceof AuthOutcome.Accepted accepted) {
                    assertThat(accepted.identity().username()).isEqualTo(i % 2 == 0 ? "alice" : "bob");
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    // --- TLS ---

    @ParameterizedTest(name = "direct bind: {0}")
    @ValueSource(booleans = {false, true})
    void ldapsWithTheConfiguredTrustStore(boolean directBind) throws Exception {
        Map<String, Object> config = config(directBind);
        config.put("urls", List.of(directory.ldapsUrl()));
        trust(config);
        assertThat(accepted(login(build(config), "alice", "alice-secret")).providerRoles()).contains("analysts");
    }

    @Test
    void startTlsWithTheConfiguredTrustStore() throws Exception {
        Map<String, Object> config = directory.backendConfig();
        config.put("startTls", true);
        trust(config);
        Authenticator ldap = build(config);
        assertThat(accepted(login(ldap, "bob", "bob-secret")).providerRoles()).containsExactly("analysts");
        directory.stop();
        directory.restart();
        accepted(login(ldap, "bob", "bob-secret")); // new connections negotiate TLS again
    }

    @Test
    void aCertificateOutsideTheTrustStoreIsNotTrusted() throws Exception {
        Map<String, Object> config = directory.backendConfig();
        config.put("urls", List.of(directory.ldapsUrl()));
        Authenticator ldap = build(config); // JVM default trust: the self-signed certificate is unknown
        assertThatThrownBy(() -> login(ldap, "alice", "alice-secret")).isInstanceOf(ProviderUnavailableException.class);
    }

    private static void trust(Map<String, Object> config) {
        config.put("trustStore", directory.trustStore().toString());
        config.put("trustStorePassword", LdapDirectoryFixture.TRUST_STORE_PASSWORD);
        config.put("trustStoreType", LdapDirectoryFixture.TRUST_STORE_TYPE);
    }

    // --- cache ---

    @Test
    void aSuccessIsServedFromTheCacheWithoutTheDirectory() throws Exception {
        Map<String, Object> config = directory.backendConfig();
        config.put("cache", Map.of("ttl", "1m", "maxSize", 100));
        Authenticator ldap = build(config);
        accepted(login(ldap, "alice", "alice-secret"));
        directory.stop();
        assertThat(accepted(login(ldap, "alice", "alice-secret")).providerRoles()).contains("admins");
        assertThat(metrics.meter("tessera.auth.ldap.cache.hits").getCount()).isEqualTo(1);
        assertThatThrownBy(() -> login(ldap, "alice", "other")).isInstanceOf(ProviderUnavailableException.class);
    }

    @Test
    void aChangedPasswordWorksAtOnceBecauseFailuresAreNotCached() throws Exception {
        Map<String, Object> config = directory.backendConfig();
        config.put("cache", Map.of("ttl", "1m"));
        Authenticator ldap = build(config);
        try {
            assertThat(login(ldap, "carol", "new-secret")).isInstanceOf(AuthOutcome.Rejected.class);
            accepted(login(ldap, "carol", "carol-secret"));
            directory.setPassword("carol", "new-secret");
            accepted(login(ldap, "carol", "new-secret"));
            // The old password lives on in the success cache until its TTL, or until the server invalidates.
            accepted(login(ldap, "carol", "carol-secret"));
            ldap.invalidate("carol");
            assertThat(login(ldap, "carol", "carol-secret")).isInstanceOf(AuthOutcome.Rejected.class);
        } finally {
            directory.setPassword("carol", "carol-secret");
        }
    }

    @Test
    void spellingsOfOneUserAreCachedUnderTheirOwnKeysButAsOneIdentityAndInvalidatedTogether() throws Exception {
        // The cache key hashes what was typed, so ALICE and alice are two entries; both must hold the identity
        // alice, or invalidating alice (password change, sign-out everywhere) would leave ALICE logged in.
        Map<String, Object> config = directory.backendConfig();
        config.put("usernameCaseConversion", "none");
        config.put("cache", Map.of("ttl", "1m"));
        Authenticator ldap = build(config);
        assertThat(accepted(login(ldap, "ALICE", "alice-secret")).username()).isEqualTo("alice");
        assertThat(accepted(login(ldap, "alice", "alice-secret")).username()).isEqualTo("alice");
        assertThat(accepted(login(ldap, "ALICE", "alice-secret")).username()).isEqualTo("alice");
        assertThat(metrics.meter("tessera.auth.ldap.cache.hits").getCount()).isEqualTo(1);

        ldap.invalidate("alice");
        directory.stop(); // from here on only a cached success could answer
        for (String typed : List.of("ALICE", "alice")) {
            assertThatThrownBy(() -> login(ldap, typed, "alice-secret")).as(typed)
                    .isInstanceOf(ProviderUnavailableException.class);
        }
    }
}
