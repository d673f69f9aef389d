package dev.tessera.auth.oidc;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.tessera.auth.spi.AbstractAuthenticatorFactory;
import dev.tessera.auth.spi.AuthEnvironment;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.CacheSettings;
import dev.tessera.auth.spi.DeprecatedKey;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code type: oidc}: an OpenID Connect provider (Auth0, Keycloak, Google, ...), for browser login and bearer tokens.
 * The keys are those of Atoti's {@code OidcConfig}, camelCased, plus what a production resource server needs
 * (expected audience, clock skew, token endpoint authentication, timeouts).
 */
@JsonTypeName("oidc")
public class OidcAuthenticatorFactory extends AbstractAuthenticatorFactory {

    private static final CacheSettings CACHE_DEFAULTS = new CacheSettings(Duration.minutes(2), 10_000);

    /** How access tokens presented as {@code Authorization: Bearer} are checked. */
    public enum AccessTokenFormat {
        /** Signed JWTs, checked locally against the provider's JWKS. */
        @JsonProperty("jwt") JWT,
        /** Anything else: checked by the provider (user info, or RFC 7662 introspection), results cached. */
        @JsonProperty("opaque") OPAQUE
    }

    /** How Tessera authenticates itself to the token (and introspection) endpoint. */
    public enum TokenEndpointAuth {
        @JsonProperty("client_secret_basic") CLIENT_SECRET_BASIC,
        @JsonProperty("client_secret_post") CLIENT_SECRET_POST,
        @JsonProperty("private_key_jwt") PRIVATE_KEY_JWT;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @NotBlank
    @Pattern(regexp = "[A-Za-z0-9_-]+", message = "may hold only letters, digits, '_' and '-' (it is part of the login and callback URLs)")
    @JsonProperty private String providerId;
    /** The button's words on the sign-in page ("Sign in with {displayName}"); the providerId when unset. */
    @Size(max = 100) @JsonProperty private String displayName;
    @NotNull @JsonProperty private URI issuerUrl;
    @NotBlank @JsonProperty private String clientId;
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) private String clientSecret;
    @NotNull @JsonProperty private List<String> scopes = new ArrayList<>(List.of("openid", "profile", "email"));
    @NotBlank @JsonProperty private String nameClaim = "sub";
    @NotNull @Valid @JsonProperty private List<ClaimPath> rolesClaims = new ArrayList<>();
    @NotNull @JsonProperty private AccessTokenFormat accessTokenFormat = AccessTokenFormat.JWT;
    @JsonProperty private boolean useClientSecretAsCertificate;
    @NotNull @JsonProperty private TokenEndpointAuth tokenEndpointAuth = TokenEndpointAuth.CLIENT_SECRET_BASIC;
    @JsonProperty private Path privateKey;
    @JsonProperty private String privateKeyId;
    @NotNull @MinDuration(0) @MaxDuration(value = 5, unit = TimeUnit.MINUTES)
    @JsonProperty private Duration clockSkew = Duration.seconds(60);
    @JsonProperty private String audience;
    @JsonProperty private boolean introspection;
    @JsonProperty private boolean userInfo;
    /** Opaque tokens checked successfully by the provider; null: the old key or the defaults. */
    @Valid @JsonProperty private CacheSettings cache;
    /** The old spelling of {@code cache.ttl}, still read. */
    @MinDuration(0) @JsonProperty private Duration opaqueCacheTtl;
    @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty private Duration jwksRefreshMinInterval = Duration.minutes(1);
    @NotNull @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS) @MaxDuration(value = 1, unit = TimeUnit.MINUTES)
    @JsonProperty private Duration httpConnectTimeout = Duration.seconds(5);
    @NotNull @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS) @MaxDuration(value = 1, unit = TimeUnit.MINUTES)
    @JsonProperty private Duration httpReadTimeout = Duration.seconds(5);

    @Override
    protected String defaultName() {
        return providerId != null ? providerId : "oidc";
    }

    @Override
    public Authenticator build(AuthEnvironment environment) throws Exception {
        return OidcAuthenticator.create(this, environment);
    }

    // ---- cross-field rules, each message naming the keys to change ----

    @JsonIgnore
    @ValidationMethod(message = "issuerUrl must be an absolute http(s) URL with a host, e.g. https://example.eu.auth0.com/")
    public boolean isIssuerUrlUsable() {
        return issuerUrl == null || (issuerUrl.isAbsolute() && issuerUrl.getHost() != null
                && ("https".equalsIgnoreCase(issuerUrl.getScheme()) || "http".equalsIgnoreCase(issuerUrl.getScheme()))
                && issuerUrl.getQuery() == null && issuerUrl.getFragment() == null);
    }

    @JsonIgnore
    @ValidationMethod(message = "clientSecret is required unless tokenEndpointAuth is private_key_jwt")
    public boolean isClientSecretPresentWhenNeeded() {
        return tokenEndpointAuth == TokenEndpointAuth.PRIVATE_KEY_JWT || (clientSecret != null && !clientSecret.isBlank());
    }

    @JsonIgnore
    @ValidationMethod(message = "privateKey (a PEM PKCS#8 file) must be set when tokenEndpointAuth is private_key_jwt, and only then")
    public boolean isPrivateKeySetExactlyForPrivateKeyJwt() {
        return (tokenEndpointAuth == TokenEndpointAuth.PRIVATE_KEY_JWT) == (privateKey != null);
    }

    @JsonIgnore
    @ValidationMethod(message = "useClientSecretAsCertificate cannot be combined with tokenEndpointAuth: private_key_jwt")
    public boolean isCertificateModeConsistent() {
        return !useClientSecretAsCertificate || tokenEndpointAuth != TokenEndpointAuth.PRIVATE_KEY_JWT;
    }

    @JsonIgnore
    @ValidationMethod(message = "scopes must include openid")
    public boolean isOpenidScopeRequested() {
        return scopes == null || scopes.contains("openid");
    }

    @JsonIgnore
    @ValidationMethod(message = "introspection applies only to accessTokenFormat: opaque (JWTs are checked locally)")
    public boolean isIntrospectionOnlyForOpaque() {
        return !introspection || accessTokenFormat == AccessTokenFormat.OPAQUE;
    }

    @JsonIgnore
    @ValidationMethod(message = "cache.ttl must be at most 1h: a token revoked at the provider stays accepted that long")
    public boolean isCacheTtlBounded() {
        return getCache().ttl().toSeconds() <= 3600;
    }

    @JsonIgnore
    @ValidationMethod(message = "opaqueCacheTtl is the old spelling of cache: { ttl }; set cache alone")
    public boolean isCacheSpelledOnce() {
        return cache == null || opaqueCacheTtl == null;
    }

    @Override
    public List<DeprecatedKey> deprecatedKeys() {
        return opaqueCacheTtl == null ? List.of() : List.of(new DeprecatedKey("opaqueCacheTtl", "cache.ttl"));
    }

    @JsonIgnore
    @ValidationMethod(message = "audience, when set, must not be blank (leave it out to expect the clientId)")
    public boolean isAudienceNotBlank() {
        return audience == null || !audience.isBlank();
    }

    // ---- accessors ----

    public String getProviderId() { return providerId; }
    public String getDisplayName() { return displayName != null && !displayName.isBlank() ? displayName : providerId; }
    public void setDisplayName(String displayName) { this.displayName = displayName; }
    public void setProviderId(String providerId) { this.providerId = providerId; }
    public URI getIssuerUrl() { return issuerUrl; }
    public void setIssuerUrl(URI issuerUrl) { this.issuerUrl = issuerUrl; }
    public String getClientId() { return clientId; }
    public void setClientId(String clientId) { this.clientId = clientId; }
    @JsonIgnore public String getClientSecret() { return clientSecret; }
    public void setClientSecret(String clientSecret) { this.clientSecret = clientSecret; }
    public List<String> getScopes() { return scopes; }
    public void setScopes(List<String> scopes) { this.scopes = scopes; }
    public String getNameClaim() { return nameClaim; }
    public void setNameClaim(String nameClaim) { this.nameClaim = nameClaim; }
    public List<ClaimPath> getRolesClaims() { return rolesClaims; }
    public void setRolesClaims(List<ClaimPath> rolesClaims) { this.rolesClaims = rolesClaims; }
    public AccessTokenFormat getAccessTokenFormat() { return accessTokenFormat; }
    public void setAccessTokenFormat(AccessTokenFormat format) { this.accessTokenFormat = format; }
    public boolean isUseClientSecretAsCertificate() { return useClientSecretAsCertificate; }
    public void setUseClientSecretAsCertificate(boolean value) { this.useClientSecretAsCertificate = value; }
    public TokenEndpointAuth getTokenEndpointAuth() { return tokenEndpointAuth; }
    public void setTokenEndpointAuth(TokenEndpointAuth auth) { this.tokenEndpointAuth = auth; }
    public Path getPrivateKey() { return privateKey; }
    public void setPrivateKey(Path privateKey) { this.privateKey = privateKey; }
    public String getPrivateKeyId() { return privateKeyId; }
    public void setPrivateKeyId(String privateKeyId) { this.privateKeyId = privateKeyId; }
    public Duration getClockSkew() { return clockSkew; }
    public void setClockSkew(Duration clockSkew) { this.clockSkew = clockSkew; }
    /** The {@code aud} a bearer token must carry: {@code audience} if set, else the client id. */
    @JsonIgnore public String expectedAudience() { return audience != null ? audience : clientId; }
    public String getAudience() { return audience; }
    public void setAudience(String audience) { this.audience = audience; }
    public boolean isIntrospection() { return introspection; }
    public void setIntrospection(boolean introspection) { this.introspection = introspection; }
    public boolean isUserInfo() { return userInfo; }
    public void setUserInfo(boolean userInfo) { this.userInfo = userInfo; }
    /** What was written, the old key included, completed with the defaults. */
    public CacheSettings getCache() {
        return (cache != null ? cache : CacheSettings.of(opaqueCacheTtl, null)).orElse(CACHE_DEFAULTS);
    }
    public void setCache(CacheSettings cache) { this.cache = cache; }
    public Duration getJwksRefreshMinInterval() { return jwksRefreshMinInterval; }
    public void setJwksRefreshMinInterval(Duration interval) { this.jwksRefreshMinInterval = interval; }
    public Duration getHttpConnectTimeout() { return httpConnectTimeout; }
    public void setHttpConnectTimeout(Duration timeout) { this.httpConnectTimeout = timeout; }
    public Duration getHttpReadTimeout() { return httpReadTimeout; }
    public void setHttpReadTimeout(Duration timeout) { this.httpReadTimeout = timeout; }

    @Override
    public String toString() {
        return "OidcAuthenticatorFactory[name=" + name() + ", issuerUrl=" + issuerUrl + ", clientId=" + clientId
                + ", clientSecret=" + (clientSecret == null ? "unset" : "****") + ", accessTokenFormat="
                + accessTokenFormat + ", rolesClaims=" + rolesClaims + "]";
    }
}
