package dev.tessera.auth.oidc;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where roles sit in a set of claims. In config an entry is either a string, the name of one top-level claim taken
 * whole even when it holds dots or slashes ({@code "https://example.com/roles"}), or a list of names, a path into
 * nested objects ({@code [realm_access, roles]}). Names are never split on dots: Auth0's namespaced claims need that.
 */
@JsonDeserialize(using = ClaimPath.Deserializer.class)
public record ClaimPath(List<String> segments) {

    public ClaimPath {
        segments = List.copyOf(segments);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a roles claim path needs at least one claim name");
        }
        for (String segment : segments) {
            if (segment == null || segment.isBlank()) {
                throw new IllegalArgumentException("a roles claim name must not be blank");
            }
        }
    }

    public static ClaimPath of(String... segments) {
        return new ClaimPath(List.of(segments));
    }

    /** Written back the way it is read: a single name as a string, a path as a list. */
    @JsonValue
    public Object json() {
        return segments.size() == 1 ? segments.get(0) : segments;
    }

    @Override
    public String toString() {
        return segments.size() == 1 ? segments.get(0) : segments.toString();
    }

    /** Reads {@code "claim"} or {@code [a, b, c]}; anything else is refused with the expected shape. */
    static final class Deserializer extends JsonDeserializer<ClaimPath> {
        private static final String SHAPE =
                "each rolesClaims entry must be a claim name (\"https://example.com/roles\") "
                        + "or a list of names forming a path ([realm_access, roles])";

        @Override
        public ClaimPath deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                return build(context, List.of(parser.getText()));
            }
            if (token == JsonToken.START_ARRAY) {
                List<String> segments = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    if (next != JsonToken.VALUE_STRING) {
                        return (ClaimPath) context.handleUnexpectedToken(ClaimPath.class, next, parser, SHAPE);
                    }
                    segments.add(parser.getText());
                }
                return build(context, segments);
            }
            return (ClaimPath) context.handleUnexpectedToken(ClaimPath.class, token, parser, SHAPE);
        }

        private static ClaimPath build(DeserializationContext context, List<String> segments) throws IOException {
            try {
                return new ClaimPath(segments);
            } catch (IllegalArgumentException e) {
                throw context.weirdStringException(String.valueOf(segments), ClaimPath.class, e.getMessage());
            }
        }
    }
}
