package dev.tessera.cube.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A star join: {@code { table: products, match: { product_id: id } }} joins fact column {@code product_id} to
 * {@code products.id}. Joins are LEFT joins and are left out of a statement that needs none of the table's
 * columns, which assumes (as a star schema does) that the dimension key is unique.
 *
 * <p>{@code match} was first called {@code on}, which is still read. YAML 1.1 tools (PyYAML, Ansible, older yq)
 * read the key {@code on} as the boolean true and write it back as {@code true:}; that key is read only to be
 * refused with a message naming the fix ({@link #keyProblem()}), since the file was edited by such a tool.
 */
public record JoinDefinition(String table, Map<String, String> match, Map<String, String> on,
                             @JsonProperty("true") Map<String, String> onRewrittenAsTrue) {

    public JoinDefinition {
        match = copy(match);
        on = copy(on);
        onRewrittenAsTrue = copy(onRewrittenAsTrue);
    }

    public JoinDefinition(String table, Map<String, String> match) {
        this(table, match, null, null);
    }

    /** Fact column to table column, in config order, whichever key gave them. */
    public Map<String, String> pairs() {
        return match != null ? match : on != null ? on : onRewrittenAsTrue != null ? onRewrittenAsTrue : Map.of();
    }

    /** What is wrong with the key the pairs were given under, if anything. */
    public Optional<String> keyProblem() {
        if (onRewrittenAsTrue != null) {
            return Optional.of("the key 'true' is 'on' as a YAML 1.1 tool (PyYAML, Ansible, older yq) rewrites it; "
                    + "write 'match:' instead");
        }
        if (match != null && on != null) {
            return Optional.of("give 'match' or its old name 'on', not both");
        }
        return Optional.empty();
    }

    private static Map<String, String> copy(Map<String, String> pairs) {
        return pairs == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(pairs));
    }
}
