package dev.tessera.server.errors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * A body that is not the JSON we expect: 400 naming the key or field and what was expected there, with a JSON
 * pointer in {@code errors[]}; never Jackson's own message, which names Java types.
 */
@Provider
public class JsonProcessingExceptionMapper implements ExceptionMapper<JsonProcessingException> {

    @Override
    public Response toResponse(JsonProcessingException exception) {
        StreamReadException reading = innermost(exception, StreamReadException.class);
        if (reading != null && reading.getOriginalMessage() != null
                && reading.getOriginalMessage().startsWith("Duplicate field '")) {
            return duplicateKey(reading);
        }
        if (reading instanceof InputCoercionException range) {
            return problem(pointer(exception), field(pointer(exception)) + " is out of range: it must be "
                    + JsonKinds.expected(range.getTargetType()) + JsonKinds.range(range.getTargetType()) + ".");
        }
        if (reading != null || String.valueOf(exception.getOriginalMessage()).contains("end-of-input")) {
            JsonLocation location = reading != null ? reading.getLocation() : exception.getLocation();
            return Problem.of(400, "The body is not valid JSON" + at(location) + ".").toResponse().build();
        }
        if (exception instanceof JsonMappingException mapping) {
            return mapping(mapping);
        }
        return Problem.of(400, "The body could not be read as JSON.").toResponse().build();
    }

    private static Response mapping(JsonMappingException exception) {
        String pointer = pointer(exception);
        String field = field(pointer);
        // A record that rejects an unknown key reports it wrapped; the unknown key is what the caller must fix.
        UnrecognizedPropertyException unknown = innermost(exception, UnrecognizedPropertyException.class);
        if (unknown != null) {
            String key = "/" + escape(unknown.getPropertyName());
            return problem(pointer.endsWith(key) ? pointer : pointer + key, "Unknown field '"
                    + unknown.getPropertyName() + "'; known fields: " + unknown.getKnownPropertyIds() + ".");
        }
        MismatchedInputException mismatch = innermost(exception, MismatchedInputException.class);
        if (mismatch != null && String.valueOf(mismatch.getOriginalMessage()).startsWith("Trailing token")) {
            return problem("/", "The body holds more than one JSON value" + at(mismatch.getLocation())
                    + "; send exactly one.");
        }
        if (mismatch != null) {
            String got = mismatch instanceof InvalidFormatException format
                    ? JsonKinds.value(format.getValue())
                    : JsonKinds.got(mismatch.getProcessor() instanceof JsonParser parser ? parser.currentToken() : null);
            return problem(pointer, field + " must be " + JsonKinds.expected(mismatch.getTargetType()) + "; got " + got + ".");
        }
        if (exception instanceof ValueInstantiationException && exception.getCause() instanceof IllegalArgumentException bad
                && bad.getMessage() != null) {
            return problem(pointer, field + " is not acceptable: " + bad.getMessage());
        }
        return problem(pointer, field + " does not hold the kind of value expected there; see the API documentation.");
    }

    private static Response duplicateKey(StreamReadException exception) {
        String pointer = "";
        String key = exception.getOriginalMessage().substring("Duplicate field '".length()).replaceFirst("'$", "");
        JsonParser parser = exception.getProcessor();
        if (parser != null) {
            pointer = parser.getParsingContext().pathAsPointer().toString();
        }
        return problem(pointer, "The key '" + key + "' appears twice in the same object" + at(exception.getLocation())
                + "; send each key once.");
    }

    private static Response problem(String pointer, String detail) {
        return Problem.of(400, detail)
                .withErrors(List.of(new Problem.FieldError(pointer.isEmpty() ? "/" : pointer, detail)))
                .toResponse().build();
    }

    private static String field(String pointer) {
        return pointer.isEmpty() || pointer.equals("/") ? "The body" : "'" + pointer + "'";
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** The exception of that type deepest in the cause chain: Jackson wraps what it throws with the path so far. */
    private static <T extends Throwable> T innermost(Throwable exception, Class<T> type) {
        T found = null;
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                found = type.cast(cause);
            }
        }
        return found;
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static String pointer(JsonProcessingException exception) {
        if (!(exception instanceof JsonMappingException mapping)) {
            return "";
        }
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference ref : mapping.getPath()) {
            pointer.append('/');
            if (ref.getFieldName() != null) {
                pointer.append(escape(ref.getFieldName()));
            } else if (ref.getIndex() >= 0) {
                pointer.append(ref.getIndex());
            }
        }
        return pointer.toString();
    }
}
