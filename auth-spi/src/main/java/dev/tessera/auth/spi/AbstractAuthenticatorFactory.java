package dev.tessera.auth.spi;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

/** Holds the {@code name} every backend entry has, defaulting to the {@code type:} it was declared with. */
public abstract class AbstractAuthenticatorFactory implements AuthenticatorFactory {

    @Pattern(regexp = "[A-Za-z0-9_.-]+", message = "may hold only letters, digits, '_', '.' and '-'")
    private @Nullable String name;

    @Override
    @JsonProperty("name")
    public String name() {
        return name != null ? name : defaultName();
    }

    @JsonProperty("name")
    public void setName(@Nullable String name) {
        this.name = name;
    }

    /** The type name from {@code @JsonTypeName}; OIDC overrides this with its provider id. */
    protected String defaultName() {
        JsonTypeName typeName = getClass().getAnnotation(JsonTypeName.class);
        return typeName != null ? typeName.value() : getClass().getSimpleName();
    }
}
