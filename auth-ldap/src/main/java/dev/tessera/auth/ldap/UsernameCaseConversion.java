package dev.tessera.auth.ldap;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a username is normalized before it reaches the directory and becomes the identity's name. Directories
 * usually match {@code uid} case-insensitively, so without a conversion {@code Alice} and {@code alice} would be
 * two users to the role store.
 */
public enum UsernameCaseConversion {
    NONE,
    LOWER,
    UPPER;

    public String apply(String username) {
        return switch (this) {
            case NONE -> username;
            case LOWER -> username.toLowerCase(Locale.ROOT);
            case UPPER -> username.toUpperCase(Locale.ROOT);
        };
    }

    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static UsernameCaseConversion fromConfig(String value) {
        for (UsernameCaseConversion conversion : values()) {
            if (conversion.name().equalsIgnoreCase(value.strip())) {
                return conversion;
            }
        }
        throw new IllegalArgumentException("usernameCaseConversion must be one of "
                + Arrays.stream(values()).map(UsernameCaseConversion::configName).collect(Collectors.joining(", "))
                + ", not '" + value + "'");
    }
}
