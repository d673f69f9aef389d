package dev.tessera.auth.kerberos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.tessera.auth.spi.AuthenticatorFactory;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.validation.BaseValidator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The {@code type: kerberos} entry as an operator writes it in config.yml. */
class KerberosAuthenticatorFactoryTest {

    private static AuthenticatorFactory parse(String yaml) throws Exception {
        YamlConfigurationFactory<AuthenticatorFactory> factory = new YamlConfigurationFactory<>(
                AuthenticatorFactory.class, BaseValidator.newValidator(),
                // as Dropwizard's DefaultConfigurationFactoryFactory sets it up for config.yml
                Jackson.newObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES), "dw");
        return factory.build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "config.yml");
    }

    @Test
    void everyKeyParses() throws Exception {
        KerberosAuthenticatorFactory factory = (KerberosAuthenticatorFactory) parse("""
                type: kerberos
                servicePrincipal: HTTP/analytics.example.org@EXAMPLE.ORG
                keytab: /etc/tessera/http.keytab
                krb5Config: /etc/krb5.conf
                allowedRealms: [ EXAMPLE.ORG, CORP.EXAMPLE.ORG ]
                stripRealm: false
                usernameCaseConversion: lower
                rules:
                  - { pattern: "^(.*)/admin@EXAMPLE\\\\.ORG$", replacement: "$1-admin" }
                """);
        assertThat(factory.name()).isEqualTo("kerberos");
        assertThat(factory.effectiveServicePrincipal()).isEqualTo("HTTP/analytics.example.org@EXAMPLE.ORG");
        assertThat(factory.getAllowedRealms()).containsExactly("EXAMPLE.ORG", "CORP.EXAMPLE.ORG");
        assertThat(factory.isStripRealm()).isFalse();
        assertThat(factory.getUsernameCaseConversion()).isEqualTo(CaseConversion.LOWER);
        assertThat(factory.getRules()).singleElement()
                .satisfies(rule -> assertThat(rule.apply("alice/admin@EXAMPLE.ORG")).contains("alice-admin"));
    }

    @Test
    void realmCompletesAPrincipalWithoutOne() throws Exception {
        KerberosAuthenticatorFactory factory = (KerberosAuthenticatorFactory) parse("""
                type: kerberos
                servicePrincipal: HTTP/analytics.example.org
                keytab: /etc/tessera/http.keytab
                realm: EXAMPLE.ORG
                kdc: kdc1.example.org
                """);
        assertThat(factory.effectiveServicePrincipal()).isEqualTo("HTTP/analytics.example.org@EXAMPLE.ORG");
    }

    @Test
    void requiredKeysAreNamed() {
        assertThatThrownBy(() -> parse("type: kerberos\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("servicePrincipal").hasMessageContaining("keytab");
    }

    @Test
    void aPrincipalWithoutRealmNeedsRealm() {
        assertThatThrownBy(() -> parse("type: kerberos\nservicePrincipal: HTTP/x.example.org\nkeytab: /k\n"))
                .hasMessageContaining("servicePrincipal must name its realm");
    }

    @Test
    void kdcNeedsRealmAndExcludesKrb5Config() {
        assertThatThrownBy(() -> parse("type: kerberos\nservicePrincipal: HTTP/x@R\nkeytab: /k\nkdc: kdc1\n"))
                .hasMessageContaining("realm and kdc must be set together");
        assertThatThrownBy(() -> parse("""
                type: kerberos
                servicePrincipal: HTTP/x@R
                keytab: /k
                realm: R
                kdc: kdc1
                krb5Config: /etc/krb5.conf
                """))
                .hasMessageContaining("set either krb5Config or kdc");
    }

    @Test
    void badRulesAreCaughtAtStartUp() {
        assertThatThrownBy(() -> parse("""
                type: kerberos
                servicePrincipal: HTTP/x@R
                keytab: /k
                rules: [ { pattern: "(unclosed", replacement: x } ]
                """))
                .hasMessageContaining("pattern must be a valid Java regular expression");
        assertThatThrownBy(() -> parse("""
                type: kerberos
                servicePrincipal: HTTP/x@R
                keytab: /k
                rules: [ { pattern: "(.*)@R", replacement: "$2" } ]
                """))
                .hasMessageContaining("replacement may only refer to groups");
    }

    @Test
    void unknownKeysAreRefused() {
        assertThatThrownBy(() -> parse("type: kerberos\nservicePrincipal: HTTP/x@R\nkeytab: /k\nkeytabFile: /k\n"))
                .hasMessageContaining("keytabFile");
    }
}
