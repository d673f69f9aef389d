package dev.tessera.server.roles;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tessera.server.errors.Problem;
import java.util.List;
import java.util.Map;

/**
 * What the cube layer knows about restrictions: which cubes and levels a restriction may name, and what a user's
 * roles restrict in force. The role store only stores restriction JSON; this decides what it means.
 */
public interface RestrictionRules {

    /** Problems with a restriction body (unknown cube or level, wrong shape), each with a JSON pointer. */
    List<Problem.FieldError> validate(JsonNode restriction);

    /** cube -> level -> allowed values (or "all"), as whoami shows them; empty when nothing restricts. */
    Map<String, Object> inForce(ResolvedRoles roles);
}
