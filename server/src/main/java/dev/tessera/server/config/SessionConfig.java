package dev.tessera.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** {@code auth.session}: the signed browser session cookie. */
public class SessionConfig {

    /**
     * HMAC key for session and login-state cookies; every replica needs the same one. When empty, a key is
     * generated once and kept in the data directory. Never printed.
     */
    @JsonProperty
    private String secret;

    @NotNull
    @JsonProperty
    private Duration ttl = Duration.hours(8);

    @Pattern(regexp = "[A-Za-z0-9_-]+")
    @JsonProperty
    private String cookieName = "tessera_session";

    /** {@code auto}: Secure when the request came over HTTPS; {@code always}: behind a TLS-terminating proxy. */
    @Pattern(regexp = "auto|always|never")
    @JsonProperty
    private String secureCookie = "auto";

    public String getSecret() {
        return secret;
    }

    public void setSecret(String secret) {
        this.secret = secret;
    }

    public Duration getTtl() {
        return ttl;
    }

    public String getCookieName() {
        return cookieName;
    }

    public String getSecureCookie() {
        return secureCookie;
    }

    @Override
    public String toString() {
        return "SessionConfig[ttl=" + ttl + ", cookieName=" + cookieName + ", secret=****]";
    }
}
