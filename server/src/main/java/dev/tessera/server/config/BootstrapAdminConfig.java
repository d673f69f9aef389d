package dev.tessera.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;

/** {@code auth.bootstrapAdmin}: the first admin, created at start when the store has none. */
public class BootstrapAdminConfig {

    @NotBlank
    @JsonProperty
    private String username = "admin";

    /** When empty, a password is generated and printed once. */
    @JsonProperty
    private String password;

    public String getUsername() {
        return username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    @Override
    public String toString() {
        return "BootstrapAdminConfig[username=" + username + ", password=****]";
    }
}
