package dev.tessera.auth.kerberos;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.tessera.auth.spi.AbstractAuthenticatorFactory;
import dev.tessera.auth.spi.AuthEnvironment;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code type: kerberos}: SPNEGO with a keytab.
 * <pre>
 * - type: kerberos
 *   servicePrincipal: HTTP/analytics.example.org@EXAMPLE.ORG
 *   keytab: /etc/tessera/http.keytab
 *   krb5Config: /etc/krb5.conf          # or realm + kdc
 *   allowedRealms: [ EXAMPLE.ORG ]      # default: the service principal's realm
 *   stripRealm: true
 *   usernameCaseConversion: lower       # none | lower | upper
 *   rules:
 *     - { pattern: "^(.*)/admin@EXAMPLE\\.ORG$", replacement: "$1-admin" }
 * </pre>
 * The krb5 settings are JVM-wide (JGSS reads them from system properties), so every Kerberos backend of one
 * server must agree on them.
 */
@JsonTypeName("kerberos")
public class KerberosAuthenticatorFactory extends AbstractAuthenticatorFactory {

    private static final Logger LOG = LoggerFactory.getLogger(KerberosAuthenticatorFactory.class);

    static final String KRB5_CONF_PROPERTY = "java.security.krb5.conf";
    static final String KRB5_REALM_PROPERTY = "java.security.krb5.realm";
    static final String KRB5_KDC_PROPERTY = "java.security.krb5.kdc";

    @JsonProperty @NotBlank private String servicePrincipal;
    @JsonProperty @NotBlank private String keytab;
    /** Sets {@code java.security.krb5.conf} for the whole JVM. */
    @JsonProperty private @Nullable String krb5Config;
    /** With {@code kdc}, instead of {@code krb5Config}; also completes a service principal written without realm. */
    @JsonProperty private @Nullable String realm;
    @JsonProperty private @Nullable String kdc;
    /** Default: the service principal's realm alone. */
    @JsonProperty @NotNull private List<String> allowedRealms = new ArrayList<>();
    @JsonProperty private boolean stripRealm = true;
    @JsonProperty @NotNull private CaseConversion usernameCaseConversion = CaseConversion.NONE;
    @JsonProperty @NotNull @Valid private List<RewriteRule> rules = new ArrayList<>();

    @Override
    public KerberosAuthenticator build(AuthEnvironment environment) throws KerberosConfigurationException {
        applyJvmKrb5Settings();
        String principal = effectiveServicePrincipal();
        AcceptorLogin acceptor = AcceptorLogin.login(principal, Path.of(keytab));
        Set<String> realms = allowedRealms.isEmpty() ? Set.of(PrincipalMapper.realmOf(principal)) : Set.copyOf(allowedRealms);
        LOG.info("backend {}: accepting SPNEGO as {} from realms {}", name(), principal, realms);
        return new KerberosAuthenticator(name(), acceptor,
                new PrincipalMapper(realms, rules, stripRealm, usernameCaseConversion));
    }

    /** The service principal with its realm, which may come from {@code realm} when the principal omits it. */
    public String effectiveServicePrincipal() {
        return servicePrincipal.contains("@") ? servicePrincipal : servicePrincipal + "@" + realm;
    }

    private void applyJvmKrb5Settings() throws KerberosConfigurationException {
        if (krb5Config != null) {
            if (!Files.isReadable(Path.of(krb5Config))) {
                throw new KerberosConfigurationException("krb5Config " + Path.of(krb5Config).toAbsolutePath()
                        + " does not exist or cannot be read (servicePrincipal " + servicePrincipal + ")");
            }
            setJvmWide(KRB5_CONF_PROPERTY, Path.of(krb5Config).toAbsolutePath().toString());
        } else if (kdc != null) {
            setJvmWide(KRB5_REALM_PROPERTY, Objects.requireNonNull(realm, "realm and kdc must be set together"));
            setJvmWide(KRB5_KDC_PROPERTY, kdc);
        }
    }

    private void setJvmWide(String property, String value) {
        String previous = System.getProperty(property);
        if (previous != null && !previous.equals(value)) {
            LOG.warn("backend {}: {} was {} and is now {}; Kerberos settings are JVM-wide, so other Kerberos "
                    + "backends in this server now use it too", name(), property, previous, value);
        }
        System.setProperty(property, value);
    }

    @ValidationMethod(message = "servicePrincipal must name its realm, as in HTTP/analytics.example.org@EXAMPLE.ORG, "
            + "or realm must be set")
    @JsonIgnore
    public boolean isServicePrincipalComplete() {
        return servicePrincipal == null || servicePrincipal.contains("@") || (realm != null && !realm.isBlank());
    }

    @ValidationMethod(message = "realm and kdc must be set together")
    @JsonIgnore
    public boolean isRealmWithKdc() {
        return kdc == null || (realm != null && !realm.isBlank());
    }

    @ValidationMethod(message = "set either krb5Config or kdc (with realm), not both")
    @JsonIgnore
    public boolean isOneKrb5Source() {
        return krb5Config == null || kdc == null;
    }

    @ValidationMethod(message = "allowedRealms must not contain blank entries")
    @JsonIgnore
    public boolean isAllowedRealmsClean() {
        return allowedRealms == null || allowedRealms.stream().allMatch(r -> r != null && !r.isBlank());
    }

    // ---- accessors ----

    public String getServicePrincipal() { return servicePrincipal; }
    public void setServicePrincipal(String servicePrincipal) { this.servicePrincipal = servicePrincipal; }
    public String getKeytab() { return keytab; }
    public void setKeytab(String keytab) { this.keytab = keytab; }
    public @Nullable String getKrb5Config() { return krb5Config; }
    public void setKrb5Config(@Nullable String krb5Config) { this.krb5Config = krb5Config; }
    public @Nullable String getRealm() { return realm; }
    public void setRealm(@Nullable String realm) { this.realm = realm; }
    public @Nullable String getKdc() { return kdc; }
    public void setKdc(@Nullable String kdc) { this.kdc = kdc; }
    public List<String> getAllowedRealms() { return allowedRealms; }
    public void setAllowedRealms(List<String> allowedRealms) { this.allowedRealms = allowedRealms; }
    public boolean isStripRealm() { return stripRealm; }
    public void setStripRealm(boolean stripRealm) { this.stripRealm = stripRealm; }
    public CaseConversion getUsernameCaseConversion() { return usernameCaseConversion; }
    public void setUsernameCaseConversion(CaseConversion conversion) { this.usernameCaseConversion = conversion; }
    public List<RewriteRule> getRules() { return rules; }
    public void setRules(List<RewriteRule> rules) { this.rules = rules; }

    @Override
    public String toString() {
        return "KerberosAuthenticatorFactory[name=" + name() + ", servicePrincipal=" + servicePrincipal
                + ", keytab=" + keytab + ", krb5Config=" + Objects.toString(krb5Config, "-")
                + ", allowedRealms=" + allowedRealms + ", rules=" + rules + "]";
    }
}
