package dev.tessera.server.errors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Thrown by resources to answer with a problem; its message is shown to the caller, so keep it actionable. */
public class ProblemException extends WebApplicationException {
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), problem.toResponse().build());
        this.problem = problem;
    }

    public ProblemException(int status, String detail) {
        this(Problem.of(status, detail));
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, detail);
    }

    /** Well-formed but wrong: unknown names, invalid values. */
    public static ProblemException unprocessable(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(Problem.of(422, detail).withErrors(errors));
    }

    public static ProblemException unprocessable(String pointer, String detail) {
        return unprocessable(detail, List.of(new Problem.FieldError(pointer, detail)));
    }

    public Response response() {
        return getResponse();
    }

    public static Response.ResponseBuilder with(Problem problem) {
        return problem.toResponse();
    }
}
