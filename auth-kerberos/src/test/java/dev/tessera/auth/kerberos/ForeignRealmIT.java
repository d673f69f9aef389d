package dev.tessera.auth.kerberos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.kerberos.testing.KdcFixture;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.testing.TestAuthEnvironment;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two KDCs with a cross-realm trust: users of the trusted realm get tickets for our service. */
class ForeignRealmIT {

    private static KdcFixture home;
    private static KdcFixture foreign;

    @BeforeAll
    static void startKdcs() throws Exception {
        home = KdcFixture.start();
        foreign = KdcFixture.start(KdcFixture.FOREIGN_REALM);
        home.trust(foreign);
    }

    @AfterAll
    static void stopKdcs() throws Exception {
        foreign.close();
        home.close();
    }

    private static Credentials.Negotiate foreignAlice() {
        return new Credentials.Negotiate(foreign.spnegoToken(KdcFixture.ALICE));
    }

    @Test
    void aUserOfAnotherRealmIsRefusedByDefaultEvenWithAKnownShortName() throws Exception {
        try (KerberosAuthenticator authenticator = home.factory().build(TestAuthEnvironment.of("kerberos"))) {
            AuthOutcome outcome = authenticator.authenticate(foreignAlice());
            assertThat(outcome).isInstanceOf(AuthOutcome.Rejected.class);
            assertThat(((AuthOutcome.Rejected) outcome).reason())
                    .contains("alice@FOREIGN.TEST").contains("allowedRealms");
        }
    }

    @Test
    void aRealmListedInAllowedRealmsIsAccepted() throws Exception {
        KerberosAuthenticatorFactory factory = home.factory();
        factory.setAllowedRealms(List.of(KdcFixture.REALM, KdcFixture.FOREIGN_REALM));
        factory.setStripRealm(false);
        try (KerberosAuthenticator authenticator = factory.build(TestAuthEnvironment.of("kerberos"))) {
            AuthOutcome outcome = authenticator.authenticate(foreignAlice());
            assertThat(outcome).isInstanceOf(AuthOutcome.Accepted.class);
            assertThat(((AuthOutcome.Accepted) outcome).identity().username()).isEqualTo("alice@FOREIGN.TEST");
        }
    }
}
