package dev.tessera.server.errors;

import io.dropwizard.jersey.validation.JerseyViolationException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.ArrayList;
import java.util.List;

/** Bean-validation failures on request bodies and parameters: 422 with one entry per violation. */
@Provider
public class ValidationExceptionMapper implements ExceptionMapper<JerseyViolationException> {

    @Override
    public Response toResponse(JerseyViolationException exception) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : exception.getConstraintViolations()) {
            errors.add(new Problem.FieldError(pointer(violation.getPropertyPath()), violation.getMessage()));
        }
        String detail = errors.size() == 1
                ? errors.get(0).pointer() + " " + errors.get(0).detail()
                : errors.size() + " fields are invalid; see errors.";
        return Problem.of(422, detail).withErrors(errors).toResponse().build();
    }

    private static String pointer(Path path) {
        StringBuilder pointer = new StringBuilder();
        int index = 0;
        for (Path.Node node : path) {
            // The first two nodes are the resource method and its parameter.
            if (index++ < 2 || node.getName() == null) {
                continue;
            }
            pointer.append('/').append(node.getName());
        }
        return pointer.length() == 0 ? "/" : pointer.toString();
    }
}
