package dev.tessera.server.saved;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tessera.server.errors.Problem;
import java.time.Instant;
import java.util.List;

/**
 * A saved query as the API shows it. {@code valid} is false, with {@code problems} saying why, when the query no
 * longer fits its cube (a level renamed, the cube gone): such a query is listed, not dropped, so its owner can fix it.
 *
 * @param sharedWith who it is shared with; shown to its owner and to admins only
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SavedQueryView(String id, String name, String cube, JsonNode query, String owner, Instant createdAt,
                             Instant updatedAt, Shares sharedWith, boolean valid, List<Problem.FieldError> problems) {

    /** The users and roles a query is shared with, read-only. */
    public record Shares(List<String> users, List<String> roles) {}
}
