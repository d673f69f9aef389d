package dev.tessera.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/** A cube the caller may query. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CubeSummary(String name, @Nullable String title, @Nullable String description) {
}
