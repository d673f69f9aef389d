package dev.tessera.server.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The one error shape (RFC 9457 problem details), with {@code errors[]} pointing into the request where that
 * helps.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);

    /**
     * One thing wrong with a request.
     *
     * @param pointer a JSON pointer into the request body ({@code /levels/1}), or a parameter name
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(String pointer, String detail) {}

    public static Problem of(Response.StatusType status, String detail) {
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, List.of());
    }

    public static Problem of(int status, String detail) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        // JAX-RS 3.1 has no constant for 422 (RFC 9110 calls it Unprocessable Content).
        String title = status == 422 ? "Unprocessable Content" : type != null ? type.getReasonPhrase() : "Error";
        return new Problem("about:blank", title, status, detail, List.of());
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, List.copyOf(fieldErrors));
    }

    public Response.ResponseBuilder toResponse() {
        return Response.status(status).type(PROBLEM_JSON).entity(this);
    }
}
