package dev.tessera.server.errors;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/** A body that is not the JSON we expect: 400 with a pointer to where it went wrong, never a stack trace. */
@Provider
public class JsonProcessingExceptionMapper implements ExceptionMapper<JsonProcessingException> {

    @Override
    public Response toResponse(JsonProcessingException exception) {
        if (exception instanceof JsonParseException || String.valueOf(exception.getOriginalMessage()).contains("end-of-input")) {
            return Problem.of(400, "The body is not valid JSON (line " + exception.getLocation().getLineNr()
                    + ", column " + exception.getLocation().getColumnNr() + ").").toResponse().build();
        }
        if (exception instanceof JsonMappingException mapping) {
            // A record that rejects an unknown key reports it wrapped; the unknown key is what the caller must fix.
            for (Throwable cause = mapping.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof UnrecognizedPropertyException unknown) {
                    mapping = unknown;
                    break;
                }
            }
            String pointer = pointer(mapping);
            String detail;
            if (mapping instanceof UnrecognizedPropertyException unknown) {
                detail = "Unknown field '" + unknown.getPropertyName() + "'; known fields: "
                        + unknown.getKnownPropertyIds() + ".";
            } else if (mapping instanceof InvalidFormatException format) {
                detail = "Value '" + format.getValue() + "' is not a valid " + format.getTargetType().getSimpleName() + ".";
            } else {
                detail = "The body does not have the expected shape at " + (pointer.isEmpty() ? "its root" : pointer) + ".";
            }
            return Problem.of(400, detail)
                    .withErrors(List.of(new Problem.FieldError(pointer.isEmpty() ? "/" : pointer, detail)))
                    .toResponse().build();
        }
        return Problem.of(400, "The body could not be read as JSON.").toResponse().build();
    }

    private static String pointer(JsonMappingException exception) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference ref : exception.getPath()) {
            pointer.append('/');
            if (ref.getFieldName() != null) {
                pointer.append(ref.getFieldName().replace("~", "~0").replace("/", "~1"));
            } else if (ref.getIndex() >= 0) {
                pointer.append(ref.getIndex());
            }
        }
        return pointer.toString();
    }
}
