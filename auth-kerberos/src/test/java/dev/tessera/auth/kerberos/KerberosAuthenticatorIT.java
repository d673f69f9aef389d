package dev.tessera.auth.kerberos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.kerberos.testing.KdcFixture;
import dev.tessera.auth.kerberos.testing.SpnegoClient;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.AuthenticatorFactory;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.testing.AuthenticatorContract;
import dev.tessera.auth.spi.testing.TestAuthEnvironment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real SPNEGO against an in-process KDC: one KDC for the class, a fresh token per request. */
class KerberosAuthenticatorIT extends AuthenticatorContract {

    private static KdcFixture kdc;
    private static KerberosAuthenticator authenticator;

    @BeforeAll
    static void startKdc() throws Exception {
        kdc = KdcFixture.start();
        authenticator = build(factory -> {});
    }

    @AfterAll
    static void stopKdc() throws Exception {
        authenticator.close();
        kdc.close();
    }

    private static KerberosAuthenticator build(Consumer<KerberosAuthenticatorFactory> configure) throws Exception {
        KerberosAuthenticatorFactory factory = kdc.factory();
        configure.accept(factory);
        return factory.build(TestAuthEnvironment.of("kerberos"));
    }

    private static Credentials.Negotiate tokenOf(String user) {
        return new Credentials.Negotiate(kdc.spnegoToken(user));
    }

    @Override
    protected Authenticator authenticator() {
        return authenticator;
    }

    @Override
    protected Class<? extends AuthenticatorFactory> factoryClass() {
        return KerberosAuthenticatorFactory.class;
    }

    @Override
    protected String typeName() {
        return "kerberos";
    }

    @Override
    protected Credentials goodCredentials() {
        return tokenOf(KdcFixture.ALICE);
    }

    @Override
    protected String expectedUsername() {
        return "alice";
    }

    /** Checking a ticket needs only the keytab: a KDC that is down changes nothing (KerberosStartupIT). */
    @Override
    protected Optional<ProviderDown> providerDown() {
        return Optional.empty();
    }

    @Override
    protected Credentials badCredentials() {
        byte[] token = kdc.spnegoToken(KdcFixture.BOB);
        return new Credentials.Negotiate(Arrays.copyOf(token, token.length / 2));
    }

    private static AuthOutcome.Accepted accepted(AuthOutcome outcome) {
        assertThat(outcome).isInstanceOf(AuthOutcome.Accepted.class);
        return (AuthOutcome.Accepted) outcome;
    }

    private static String rejectedReason(AuthOutcome outcome) {
        assertThat(outcome).isInstanceOf(AuthOutcome.Rejected.class);
        return ((AuthOutcome.Rejected) outcome).reason();
    }

    @Test
    void identityIsTheShortNameWithThePrincipalAndNoProviderRoles() {
        AuthOutcome.Accepted outcome = accepted(authenticator.authenticate(tokenOf(KdcFixture.BOB)));
        assertThat(outcome.identity().username()).isEqualTo("bob");
        assertThat(outcome.identity().backend()).isEqualTo("kerberos");
        assertThat(outcome.identity().providerRoles()).isEmpty();
        assertThat(outcome.identity().attributes()).containsEntry("principal", "bob@" + KdcFixture.REALM);
    }

    @Test
    void theServerAnswersWithAMutualAuthenticationTokenTheClientAccepts() throws Exception {
        try (SpnegoClient.Handshake handshake = kdc.client(KdcFixture.ALICE).handshake(kdc.servicePrincipal())) {
            AuthOutcome.Accepted outcome = accepted(authenticator.authenticate(new Credentials.Negotiate(handshake.token())));
            assertThat(outcome.responseChallenge()).hasValueSatisfying(value -> assertThat(value).startsWith("Negotiate "));
            assertThat(handshake.acceptsServerResponse(outcome.responseChallenge().orElseThrow())).isTrue();
        }
    }

    @Test
    void realmIsStrippedByDefaultAndKeptOnRequest() throws Exception {
        assertThat(accepted(authenticator.authenticate(tokenOf(KdcFixture.ALICE_ADMIN))).identity().username())
                .isEqualTo("alice/admin");
        try (KerberosAuthenticator keeping = build(factory -> factory.setStripRealm(false))) {
            assertThat(accepted(keeping.authenticate(tokenOf(KdcFixture.ALICE))).identity().username())
                    .isEqualTo("alice@" + KdcFixture.REALM);
        }
    }

    @Test
    void firstMatchingRewriteRuleWinsThenCaseIsConverted() throws Exception {
        try (KerberosAuthenticator rewriting = build(factory -> {
            factory.setRules(List.of(
                    new RewriteRule("^(.*)/admin@TESSERA\\.TEST$", "$1-admin"),
                    new RewriteRule("^(.*)/.*@TESSERA\\.TEST$", "never-$1"),
                    new RewriteRule("^bob@TESSERA\\.TEST$", "Robert")));
            factory.setUsernameCaseConversion(CaseConversion.UPPER);
        })) {
            assertThat(accepted(rewriting.authenticate(tokenOf(KdcFixture.ALICE_ADMIN))).identity().username())
                    .isEqualTo("ALICE-ADMIN");
            assertThat(accepted(rewriting.authenticate(tokenOf(KdcFixture.BOB))).identity().username())
                    .isEqualTo("ROBERT");
            // no rule matches: the default (strip the realm) applies
            assertThat(accepted(rewriting.authenticate(tokenOf(KdcFixture.ALICE))).identity().username())
                    .isEqualTo("ALICE");
        }
    }

    @Test
    void aRealmThatIsNotAllowedIsRefused() throws Exception {
        try (KerberosAuthenticator elsewhere = build(factory -> factory.setAllowedRealms(List.of("OTHER.TEST")))) {
            assertThat(rejectedReason(elsewhere.authenticate(tokenOf(KdcFixture.ALICE))))
                    .contains("alice@TESSERA.TEST").contains("TESSERA.TEST").contains("allowedRealms");
        }
    }

    @Test
    void garbageIsRejected() {
        byte[] garbage = "this is not a token at all".getBytes(StandardCharsets.US_ASCII);
        assertThat(rejectedReason(authenticator.authenticate(new Credentials.Negotiate(garbage))))
                .contains("malformed");
    }

    @Test
    void aTruncatedTokenIsRejected() {
        byte[] token = kdc.spnegoToken(KdcFixture.ALICE);
        for (int length : new int[] {1, 10, token.length / 2, token.length - 1}) {
            assertThat(authenticator.authenticate(new Credentials.Negotiate(Arrays.copyOf(token, length))))
                    .as("token cut to %d of %d bytes", length, token.length)
                    .isInstanceOf(AuthOutcome.Rejected.class);
        }
    }

    @Test
    void aReplayedTokenIsRejected() {
        Credentials.Negotiate token = tokenOf(KdcFixture.ALICE);
        accepted(authenticator.authenticate(token));
        assertThat(rejectedReason(authenticator.authenticate(token))).contains("replay");
    }

    @Test
    void ntlmIsRejectedWithAReasonSayingWhy() {
        // NTLM type 1 (negotiate) message, as a browser off the domain sends it
        byte[] ntlm = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 1, 0, 0, 0, 7, (byte) 0x82, 8, (byte) 0xa2,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThat(rejectedReason(authenticator.authenticate(new Credentials.Negotiate(ntlm))))
                .isEqualTo(NegotiateTokens.NTLM_REASON)
                .contains("NTLM is not supported");
    }

    @Test
    void spnegoOfferingOnlyNtlmIsRejectedAsNtlm() {
        assertThat(rejectedReason(authenticator.authenticate(new Credentials.Negotiate(NegotiateTokensTest.SPNEGO_NTLM_ONLY))))
                .contains("NTLM is not supported");
    }

    @Test
    void aTicketForAnotherServiceIsRejected() throws Exception {
        kdc.addServiceWithKeytab("HTTP/other.example", "other.keytab");
        byte[] token;
        try (SpnegoClient.Handshake handshake = kdc.client(KdcFixture.BOB)
                .handshake("HTTP/other.example@" + KdcFixture.REALM)) {
            token = handshake.token();
        }
        assertThat(authenticator.authenticate(new Credentials.Negotiate(token))).isInstanceOf(AuthOutcome.Rejected.class);
    }

    @Test
    void oneAuthenticatorServesManyThreadsAtOnce() throws Exception {
        List<Credentials.Negotiate> tokens = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            tokens.add(tokenOf(i % 2 == 0 ? KdcFixture.ALICE : KdcFixture.BOB));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<AuthOutcome>> outcomes = new ArrayList<>();
            for (Credentials.Negotiate token : tokens) {
                outcomes.add(pool.submit(() -> authenticator.authenticate(token)));
            }
            for (int i = 0; i < outcomes.size(); i++) {
                assertThat(accepted(outcomes.get(i).get()).identity().username()).isEqualTo(i % 2 == 0 ? "alice" : "bob");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void otherCredentialsAreNotMine() {
        assertThat(authenticator.authenticate(new Credentials.Password("alice", "x"))).isInstanceOf(AuthOutcome.NotMine.class);
    }
}
