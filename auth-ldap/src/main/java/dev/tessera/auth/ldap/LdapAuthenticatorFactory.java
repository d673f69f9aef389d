package dev.tessera.auth.ldap;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import dev.tessera.auth.spi.AbstractAuthenticatorFactory;
import dev.tessera.auth.spi.AuthEnvironment;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.CacheSettings;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code type: ldap}: an LDAP directory or Active Directory; its groups become provider roles. Either searches the
 * user with a service account and binds as them ({@code bindDn} + {@code bindPassword}), or binds directly to
 * {@code userDnPattern}. The README's LDAP section lists the keys, with OpenLDAP and Active Directory examples
 * that {@code LdapAuthenticatorFactoryTest} parses and validates.
 */
@JsonTypeName("ldap")
public class LdapAuthenticatorFactory extends AbstractAuthenticatorFactory {

    private static final CacheSettings CACHE_DEFAULTS = new CacheSettings(Duration.seconds(60), 10_000);

    /** Tried in order; the next serves when one is down. */
    @JsonProperty @NotEmpty private List<@NotBlank String> urls = new ArrayList<>();
    @JsonProperty @NotBlank private String baseDn;
    /** Relative to baseDn (or a DN under it). */
    @JsonProperty @NotNull private String userSearchBase = "";
    @JsonProperty @NotBlank private String userSearchFilter = "(uid={0})";
    @JsonProperty private String bindDn;
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) private String bindPassword;
    @JsonProperty private String userDnPattern;
    /** The user entry's attribute that names the identity; unset: the one {0} is compared to in the filter. */
    @JsonProperty private String usernameAttribute;
    @JsonProperty @NotNull private String groupSearchBase = "";
    /** {0} = user DN, {1} = username as the directory stores it; unset: no group search. */
    @JsonProperty private String groupSearchFilter;
    @JsonProperty @NotBlank private String groupRoleAttribute = "cn";
    /** The attribute on the user entry that lists its groups' DNs, e.g. memberOf on Active Directory. */
    @JsonProperty private String memberOfAttribute;
    @JsonProperty @Min(0) @Max(10) private int nestedGroupDepth = 0;
    @JsonProperty @NotNull private UsernameCaseConversion usernameCaseConversion = UsernameCaseConversion.NONE;
    @JsonProperty private boolean startTls = false;
    @JsonProperty private String trustStore;
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) private String trustStorePassword;
    @JsonProperty @NotBlank private String trustStoreType = "PKCS12";
    @JsonProperty private boolean verifyHostname = true;
    @JsonProperty @Min(1) @Max(500) private int poolSize = 10;
    @JsonProperty @NotNull @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration connectTimeout = Duration.seconds(5);
    @JsonProperty @NotNull @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration responseTimeout = Duration.seconds(10);
    /** Successful logins are remembered for {@code ttl} (0 turns the cache off); failures never are. */
    @JsonProperty @Valid private CacheSettings cache = new CacheSettings();

    @Override
    public Authenticator build(AuthEnvironment environment) throws Exception {
        String backend = environment.backendName();
        List<LDAPURL> parsedUrls = new ArrayList<>();
        for (String url : urls) {
            parsedUrls.add(new LDAPURL(url.strip()));
        }
        boolean tls = startTls || parsedUrls.stream().anyMatch(u -> "ldaps".equalsIgnoreCase(u.getScheme()));
        LdapConnections.Settings settings = new LdapConnections.Settings(parsedUrls, startTls,
                tls ? TrustSettings.sslUtil(trustStore, trustStorePassword, trustStoreType) : null, verifyHostname,
                connectTimeout.toJavaDuration(), responseTimeout.toJavaDuration(), poolSize);
        LdapConnections connections = LdapConnections.open(backend, settings,
                bindDn == null ? null : new SimpleBindRequest(bindDn, bindPassword));
        GroupResolver groups = new GroupResolver(underBase(groupSearchBase), groupSearchFilter, groupRoleAttribute,
                memberOfAttribute, nestedGroupDepth);
        Authenticator ldap = new LdapAuthenticator(backend, connections, usernameCaseConversion,
                underBase(userSearchBase), userSearchFilter, userDnPattern,
                new UsernameAttribute(resolvedUsernameAttribute()), groups);
        return getCache().wrap(ldap, environment);
    }

    /** {@code usernameAttribute}, or else the attribute the username is compared to; null when neither. */
    String resolvedUsernameAttribute() {
        return usernameAttribute != null ? usernameAttribute.strip()
                : UsernameAttribute.derive(userSearchFilter, userDnPattern).orElse(null);
    }

    /** A search base relative to baseDn, or already a DN under it. */
    private DN underBase(String base) throws LDAPException {
        DN root = new DN(baseDn);
        if (base.isBlank()) {
            return root;
        }
        DN dn = new DN(base);
        return dn.isDescendantOf(root, true) ? dn : new DN(dn + "," + root);
    }

    @ValidationMethod(message = "urls must be ldap:// or ldaps:// URLs with a host, e.g. ldaps://ldap.example.org:636")
    @JsonIgnore
    public boolean isUrlsValid() {
        return urls == null || urls.stream().allMatch(LdapAuthenticatorFactory::isLdapUrl);
    }

    @ValidationMethod(message = "bindDn and bindPassword must be set together")
    @JsonIgnore
    public boolean isBindPairComplete() {
        return (bindDn == null) == (bindPassword == null);
    }

    @ValidationMethod(message = "set either bindDn and bindPassword (search the user, then bind) or userDnPattern "
            + "(bind directly), not both and not neither")
    @JsonIgnore
    public boolean isOneBindModeChosen() {
        return (bindDn != null || bindPassword != null) != (userDnPattern != null);
    }

    @ValidationMethod(message = "bindPassword must not be empty: an LDAP bind with an empty password is anonymous")
    @JsonIgnore
    public boolean isBindPasswordNotEmpty() {
        return bindPassword == null || !bindPassword.isEmpty();
    }

    @ValidationMethod(message = "userDnPattern must be a DN with {0} for the username, "
            + "e.g. uid={0},ou=people,dc=example,dc=org")
    @JsonIgnore
    public boolean isUserDnPatternValid() {
        return userDnPattern == null || (userDnPattern.contains("{0}") && parses(() ->
                Placeholders.dn(userDnPattern, "sample")));
    }

    @ValidationMethod(message = "userSearchFilter must be an LDAP filter with {0} for the username, e.g. (uid={0})")
    @JsonIgnore
    public boolean isUserSearchFilterValid() {
        return userSearchFilter == null || (userSearchFilter.contains("{0}")
                && parses(() -> Placeholders.filter(userSearchFilter, "sample")));
    }

    @ValidationMethod(message = "groupSearchFilter must be an LDAP filter using {0} (the user's DN) or {1} "
            + "(the username), e.g. (member={0})")
    @JsonIgnore
    public boolean isGroupSearchFilterValid() {
        return groupSearchFilter == null || ((groupSearchFilter.contains("{0}") || groupSearchFilter.contains("{1}"))
                && parses(() -> Placeholders.filter(groupSearchFilter, "cn=sample,dc=example", "sample")));
    }

    @ValidationMethod(message = "usernameAttribute must be set when userSearchFilter (or userDnPattern) does not "
            + "compare {0} to exactly one attribute, e.g. usernameAttribute: uid for (|(uid={0})(mail={0})); "
            + "it names the attribute of the user's entry that becomes the identity")
    @JsonIgnore
    public boolean isUsernameAttributeKnown() {
        // A filter or pattern that does not parse has its own message.
        return usernameAttribute != null || resolvedUsernameAttribute() != null
                || !isUserDnPatternValid() || !isUserSearchFilterValid();
    }

    @ValidationMethod(message = "usernameAttribute must be an attribute name, e.g. uid or sAMAccountName")
    @JsonIgnore
    public boolean isUsernameAttributeAName() {
        return usernameAttribute == null || Attribute.nameIsValid(usernameAttribute.strip());
    }

    @ValidationMethod(message = "baseDn, userSearchBase and groupSearchBase must be DNs, e.g. baseDn: "
            + "dc=example,dc=org and userSearchBase: ou=people (relative to baseDn)")
    @JsonIgnore
    public boolean isSearchBasesValid() {
        return baseDn == null || userSearchBase == null || groupSearchBase == null
                || (parses(() -> new DN(baseDn)) && parses(() -> underBase(userSearchBase))
                    && parses(() -> underBase(groupSearchBase)));
    }

    @ValidationMethod(message = "startTls upgrades ldap:// connections; it cannot be combined with ldaps:// urls")
    @JsonIgnore
    public boolean isStartTlsOnPlainUrls() {
        return !startTls || urls == null || urls.stream().noneMatch(u -> u.strip().toLowerCase(java.util.Locale.ROOT).startsWith("ldaps:"));
    }

    @ValidationMethod(message = "trustStore must name a readable file")
    @JsonIgnore
    public boolean isTrustStoreReadable() {
        return trustStore == null || Files.isReadable(Path.of(trustStore));
    }

    @ValidationMethod(message = "trustStorePassword is set but trustStore is not")
    @JsonIgnore
    public boolean isTrustStorePasswordUsed() {
        return trustStorePassword == null || trustStore != null;
    }

    @ValidationMethod(message = "trustStore is set but would never be used: no url is ldaps:// and startTls is off")
    @JsonIgnore
    public boolean isTrustStoreUsed() {
        return trustStore == null || startTls || urls == null
                || urls.stream().anyMatch(u -> u.strip().toLowerCase(java.util.Locale.ROOT).startsWith("ldaps:"));
    }

    private static boolean isLdapUrl(String url) {
        try {
            LDAPURL parsed = new LDAPURL(url.strip());
            return parsed.hostProvided() && ("ldap".equalsIgnoreCase(parsed.getScheme())
                    || "ldaps".equalsIgnoreCase(parsed.getScheme()));
        } catch (LDAPException | RuntimeException e) {
            return false;
        }
    }

    private interface Parse {
        Object run() throws LDAPException;
    }

    private static boolean parses(Parse parse) {
        try {
            parse.run();
            return true;
        } catch (LDAPException | RuntimeException e) {
            return false;
        }
    }

    // ---- accessors (secrets have none: they are read once, at build) ----

    public List<String> getUrls() { return urls; }
    public String getBaseDn() { return baseDn; }
    public String getUserSearchBase() { return userSearchBase; }
    public String getUserSearchFilter() { return userSearchFilter; }
    public String getBindDn() { return bindDn; }
    public String getUserDnPattern() { return userDnPattern; }
    public String getUsernameAttribute() { return usernameAttribute; }
    public String getGroupSearchBase() { return groupSearchBase; }
    public String getGroupSearchFilter() { return groupSearchFilter; }
    public String getGroupRoleAttribute() { return groupRoleAttribute; }
    public String getMemberOfAttribute() { return memberOfAttribute; }
    public int getNestedGroupDepth() { return nestedGroupDepth; }
    public UsernameCaseConversion getUsernameCaseConversion() { return usernameCaseConversion; }
    public boolean isStartTls() { return startTls; }
    public String getTrustStore() { return trustStore; }
    public String getTrustStoreType() { return trustStoreType; }
    public boolean isVerifyHostname() { return verifyHostname; }
    public int getPoolSize() { return poolSize; }
    public Duration getConnectTimeout() { return connectTimeout; }
    public Duration getResponseTimeout() { return responseTimeout; }
    public CacheSettings getCache() { return (cache != null ? cache : new CacheSettings()).orElse(CACHE_DEFAULTS); }

    @Override
    public String toString() {
        return "LdapAuthenticatorFactory[name=" + name() + ", urls=" + urls + ", baseDn=" + baseDn
                + ", bindDn=" + bindDn + ", bindPassword=" + (bindPassword == null ? "unset" : "****") + "]";
    }
}
