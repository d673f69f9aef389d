package dev.tessera.auth.kerberos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.auth.kerberos.testing.KdcFixture;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.testing.TestAuthEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kerby.kerberos.kerb.crypto.EncryptionHandler;
import org.apache.kerby.kerberos.kerb.keytab.Keytab;
import org.apache.kerby.kerberos.kerb.keytab.KeytabEntry;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionType;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Misconfiguration fails at start-up with a message naming the file and the principal; a down KDC does not. */
class KerberosStartupIT {

    private static KdcFixture kdc;

    @BeforeAll
    static void startKdc() throws Exception {
        kdc = KdcFixture.start();
    }

    @AfterAll
    static void stopKdc() throws Exception {
        kdc.close();
    }

    @Test
    void aMissingKeytabNamesTheFileAndThePrincipal() {
        Path missing = kdc.workDir().resolve("missing.keytab");
        KerberosAuthenticatorFactory factory = kdc.factory();
        factory.setKeytab(missing.toString());
        assertThatThrownBy(() -> factory.build(TestAuthEnvironment.of("kerberos")))
                .isInstanceOf(KerberosConfigurationException.class)
                .hasMessageContaining(missing.toAbsolutePath().toString())
                .hasMessageContaining(kdc.servicePrincipal())
                .hasMessageContaining("does not exist");
    }

    @Test
    void aKeytabThatCannotBeReadIsNamed() throws Exception {
        Path directory = Files.createDirectories(kdc.workDir().resolve("a-directory.keytab"));
        KerberosAuthenticatorFactory factory = kdc.factory();
        factory.setKeytab(directory.toString());
        assertThatThrownBy(() -> factory.build(TestAuthEnvironment.of("kerberos")))
                .isInstanceOf(KerberosConfigurationException.class)
                .hasMessageContaining(directory.toString())
                .hasMessageContaining("cannot be read");
    }

    @Test
    void aFileThatIsNotAKeytabIsNamed() throws Exception {
        Path notKeytab = Files.writeString(kdc.workDir().resolve("notes.txt"), "not a keytab");
        KerberosAuthenticatorFactory factory = kdc.factory();
        factory.setKeytab(notKeytab.toString());
        assertThatThrownBy(() -> factory.build(TestAuthEnvironment.of("kerberos")))
                .isInstanceOf(KerberosConfigurationException.class)
                .hasMessageContaining(notKeytab.toString())
                .hasMessageContaining("is not a keytab");
    }

    @Test
    void aPrincipalTheKeytabDoesNotHoldIsNamedWithWhatItHolds() {
        KerberosAuthenticatorFactory factory = kdc.factory();
        factory.setServicePrincipal("HTTP/analytics.example.org@" + KdcFixture.REALM);
        assertThatThrownBy(() -> factory.build(TestAuthEnvironment.of("kerberos")))
                .isInstanceOf(KerberosConfigurationException.class)
                .hasMessageContaining("holds no key for HTTP/analytics.example.org@TESSERA.TEST")
                .hasMessageContaining(kdc.keytab().toString())
                .hasMessageContaining("it holds keys for: " + kdc.servicePrincipal());
    }

    @Test
    void aKeytabWithOnlyWeakKeysSaysToUseAes() throws Exception {
        Path weak = kdc.workDir().resolve("rc4.keytab");
        Keytab keytab = new Keytab();
        keytab.addEntry(new KeytabEntry(new PrincipalName(kdc.servicePrincipal()), KerberosTime.now(), 1,
                EncryptionHandler.random2Key(EncryptionType.RC4_HMAC)));
        keytab.store(weak.toFile());
        KerberosAuthenticatorFactory factory = kdc.factory();
        factory.setKeytab(weak.toString());
        assertThatThrownBy(() -> factory.build(TestAuthEnvironment.of("kerberos")))
                .isInstanceOf(KerberosConfigurationException.class)
                .hasMessageContaining(weak.toString())
                .hasMessageContaining("rc4-hmac")
                .hasMessageContaining("aes256-cts-hmac-sha1-96");
    }

    @Test
    void aMissingKrb5ConfigIsNamed() {
        KerberosAuthenticatorFactory factory = kdc.factory();
        factory.setKrb5Config(kdc.workDir().resolve("no-krb5.conf").toString());
        assertThatThrownBy(() -> factory.build(TestAuthEnvironment.of("kerberos")))
                .isInstanceOf(KerberosConfigurationException.class)
                .hasMessageContaining("no-krb5.conf")
                .hasMessageContaining("krb5Config");
    }

    @Test
    void theServerStartsAndAcceptsTicketsWhileTheKdcIsDown() throws Exception {
        try (KdcFixture down = KdcFixture.start()) {
            Credentials.Negotiate ticketFromBefore = new Credentials.Negotiate(down.spnegoToken(KdcFixture.ALICE));
            down.stopKdc();
            try (KerberosAuthenticator authenticator = down.factory().build(TestAuthEnvironment.of("kerberos"))) {
                AuthOutcome outcome = authenticator.authenticate(ticketFromBefore);
                assertThat(outcome).isInstanceOf(AuthOutcome.Accepted.class);
            }
        }
    }
}
