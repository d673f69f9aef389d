package dev.tessera.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A level's distinct values the caller may see, sorted, nulls last.
 *
 * @param truncated true when there are more than were asked for
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Members(String level, String type, List<Object> members, boolean truncated) {
}
