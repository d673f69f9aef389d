package dev.tessera.cube;

import dev.tessera.cube.model.DataType;
import java.util.List;

/** {@code GET .../members/{level}}: distinct values, restricted, sorted, nulls last. */
public record MembersResult(String level, DataType type, List<Object> members, boolean truncated) {
}
