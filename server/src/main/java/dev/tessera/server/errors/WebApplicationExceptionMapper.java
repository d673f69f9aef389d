package dev.tessera.server.errors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Jersey's own 403/404/405/415 and our {@link ProblemException}s, all as problem+json. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        if (exception instanceof ProblemException problem) {
            return problem.getResponse();
        }
        Response original = exception.getResponse();
        int status = original.getStatus();
        String detail = switch (status) {
            case 403 -> "You do not have the role this resource needs; GET /api/v1/whoami shows your roles.";
            case 404 -> "No such resource.";
            case 405 -> "This method is not allowed on this resource.";
            case 406 -> "None of the media types in Accept can be produced here.";
            case 415 -> "Send the body as application/json.";
            default -> status >= 500 ? "The server could not complete the request." : exception.getMessage();
        };
        Response.ResponseBuilder builder = Problem.of(status, detail).toResponse();
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return builder.build();
    }
}
