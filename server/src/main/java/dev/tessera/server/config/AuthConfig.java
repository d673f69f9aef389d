package dev.tessera.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tessera.auth.spi.AuthenticatorFactory;
import dev.tessera.auth.spi.LocalUsersFactory;
import dev.tessera.server.auth.ClientAddresses;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The {@code auth:} block of config.yml. */
public class AuthConfig {

    @Valid
    @NotEmpty(message = "must list at least one backend, e.g. '- type: basic'")
    @JsonProperty
    private List<AuthenticatorFactory> backends = new ArrayList<>();

    @Valid
    @NotNull
    @JsonProperty
    private SessionConfig session = new SessionConfig();

    @Valid
    @NotNull
    @JsonProperty
    private BootstrapAdminConfig bootstrapAdmin = new BootstrapAdminConfig();

    @Valid
    @NotNull
    @JsonProperty
    private LockoutConfig lockout = new LockoutConfig();

    /** How long a user's effective roles are reused before the store is read again (other replicas' changes). */
    @NotNull
    @JsonProperty
    private Duration roleCacheTtl = Duration.seconds(5);

    /**
     * How often refused, locked and unavailable logins held in memory are written to the audit log (aggregated in
     * a flood); {@code 0s} writes each on the request path, as before.
     */
    @NotNull
    @MaxDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration auditFlushInterval = Duration.milliseconds(200);

    /** Seed role mappings, added at start when missing: backend -> provider role (or username) -> roles. */
    @NotNull
    @JsonProperty
    private Map<String, Map<String, List<String>>> roleMappings = new LinkedHashMap<>();

    /** Seed default roles per backend, added at start when the backend has none. */
    @NotNull
    @JsonProperty
    private Map<String, List<String>> defaultRoles = new LinkedHashMap<>();

    /**
     * Groups of backends whose usernames name the same people, e.g. {@code [[corp-kerberos, corp-ldap]]} for one
     * Active Directory: a name bound to one backend of a group may sign in through the others. Backends not grouped
     * keep their names apart ({@link dev.tessera.server.roles.BackendBindings}).
     */
    @NotNull
    @JsonProperty
    private List<List<String>> sameUsers = new ArrayList<>();

    /**
     * The URL browsers reach this server at, e.g. {@code https://analytics.example.org}; used for OIDC callback
     * URLs behind a proxy. When absent, the request's own URL is used.
     */
    @JsonProperty
    private URI publicBaseUrl;

    /**
     * The proxies in front of this server (addresses or networks, e.g. {@code [10.0.5.2, 10.0.6.0/24]}), whose
     * {@code X-Forwarded-For} names the client in the audit log; from anyone else the header is ignored.
     */
    @NotNull
    @JsonProperty
    private List<String> trustedProxies = new ArrayList<>();

    public List<AuthenticatorFactory> getBackends() {
        return backends;
    }

    public void setBackends(List<AuthenticatorFactory> backends) {
        this.backends = backends;
    }

    public SessionConfig getSession() {
        return session;
    }

    public BootstrapAdminConfig getBootstrapAdmin() {
        return bootstrapAdmin;
    }

    public LockoutConfig getLockout() {
        return lockout;
    }

    public Duration getAuditFlushInterval() {
        return auditFlushInterval;
    }

    public Duration getRoleCacheTtl() {
        return roleCacheTtl;
    }

    public Map<String, Map<String, List<String>>> getRoleMappings() {
        return roleMappings;
    }

    public Map<String, List<String>> getDefaultRoles() {
        return defaultRoles;
    }

    public List<List<String>> getSameUsers() {
        return sameUsers;
    }

    /** The first backend that keeps its users in the server's store (Basic), if any is on. */
    public Optional<LocalUsersFactory> localUsersFactory() {
        return backends.stream().filter(LocalUsersFactory.class::isInstance).map(LocalUsersFactory.class::cast).findFirst();
    }

    /** The name local users are bound to: that backend's; {@code basic} when none is on. */
    public String localBackendName() {
        return localUsersFactory().map(AuthenticatorFactory::name).orElse("basic");
    }

    @ValidationMethod(message = "auth.sameUsers: every name in a group must be the name of a backend in auth.backends")
    @JsonProperty(access = JsonProperty.Access.READ_ONLY)
    public boolean isSameUsersKnown() {
        Set<String> names = new HashSet<>();
        backends.stream().filter(java.util.Objects::nonNull).forEach(b -> names.add(b.name()));
        return sameUsers.stream().flatMap(List::stream).allMatch(names::contains);
    }

    public List<String> getTrustedProxies() {
        return trustedProxies;
    }

    @ValidationMethod(message = "auth.trustedProxies: each entry must be an IP address or a network such as 10.0.5.0/24"
            + " (host names are not looked up)")
    @JsonProperty(access = JsonProperty.Access.READ_ONLY)
    public boolean isTrustedProxiesValid() {
        return trustedProxies.stream().allMatch(proxy -> proxy != null && !ClientAddresses.invalidEntry(proxy));
    }

    public URI getPublicBaseUrl() {
        return publicBaseUrl;
    }

    @ValidationMethod(message = "auth.backends: two backends have the same name; give each a distinct 'name:'")
    @JsonProperty(access = JsonProperty.Access.READ_ONLY)
    public boolean isBackendNamesUnique() {
        Set<String> names = new HashSet<>();
        return backends.stream().allMatch(backend -> backend == null || names.add(backend.name()));
    }
}
