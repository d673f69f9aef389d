package dev.tessera.cube.query;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;

/**
 * Reads {@code filters} and {@code having} keeping every number as written: a mapper's default turns
 * {@code 12345678901234567890.25} into the nearest double, and a decimal filter would then match a value nobody
 * asked for. Integers are exact either way; {@link Values} converts each number to its level's or measure's type.
 */
final class ExactNumbers extends StdDeserializer<JsonNode> {
    private static final long serialVersionUID = 1L;

    ExactNumbers() {
        super(JsonNode.class);
    }

    @Override
    public JsonNode deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        ObjectCodec codec = parser.getCodec();
        ObjectReader reader = codec instanceof ObjectReader r ? r
                : codec instanceof ObjectMapper m ? m.reader() : null;
        if (reader == null) {
            return context.readTree(parser);
        }
        // The parser stands inside the query: the rest of it follows this value and is not trailing data (whether
        // the body as a whole has any is the outer read's to check).
        return reader.with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(parser);
    }

    /** As Jackson's own JsonNode deserializer: an explicit null is a null node, an absent key is Java null. */
    @Override
    public JsonNode getNullValue(DeserializationContext context) {
        return NullNode.getInstance();
    }

    @Override
    public Object getAbsentValue(DeserializationContext context) {
        return null;
    }
}
