package dev.tessera.server.auth;

import dev.tessera.server.errors.Problem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Refuses, before anything is routed, a path that different layers could read differently (Spring's strict
 * firewall): matrix parameters ({@code ;}), encoded {@code /}, {@code \}, {@code .} or {@code %}, control
 * characters, empty segments and {@code .}/{@code ..} segments. Access is decided on the matched method anyway
 * ({@link AccessFeature}); this removes the ambiguity a proxy, a log reader or a later resource might trip on.
 */
@PreMatching
@Priority(100)
public final class StrictPathFilter implements ContainerRequestFilter {

    private static final Pattern DOT_SEGMENT = Pattern.compile("(^|/)\\.{1,2}(/|$)");

    @Override
    public void filter(ContainerRequestContext request) {
        String rawPath = request.getUriInfo().getRequestUri().getRawPath();
        problemWith(rawPath).ifPresent(problem -> AuthenticationFilter.abort(request,
                Problem.of(400, "The request path is refused: " + problem + ". Send the plain path, e.g. "
                        + "/api/v1/cubes/sales/query.").toResponse().build()));
    }

    /** What is ambiguous about this raw (still percent-encoded) path, if anything. */
    static Optional<String> problemWith(String rawPath) {
        if (rawPath == null) {
            return Optional.of("it is missing");
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (rawPath.indexOf(';') >= 0 || lower.contains("%3b")) {
            return Optional.of("it contains ';' (path parameters are not accepted)");
        }
        if (rawPath.indexOf('\\') >= 0 || lower.contains("%5c")) {
            return Optional.of("it contains a backslash");
        }
        if (lower.contains("%2f")) {
            return Optional.of("it contains an encoded '/' (%2F)");
        }
        if (lower.contains("%2e")) {
            return Optional.of("it contains an encoded '.' (%2E)");
        }
        if (lower.contains("%25")) {
            return Optional.of("it contains an encoded '%' (%25)");
        }
        if (hasControlCharacter(rawPath, lower)) {
            return Optional.of("it contains a control character");
        }
        if (rawPath.contains("//")) {
            return Optional.of("it contains an empty segment (//)");
        }
        if (DOT_SEGMENT.matcher(rawPath).find()) {
            return Optional.of("it contains a '.' or '..' segment");
        }
        return Optional.empty();
    }

    private static boolean hasControlCharacter(String rawPath, String lower) {
        if (rawPath.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return true;
        }
        // %00-%1F and %7F, the encoded forms
        for (int i = lower.indexOf('%'); i >= 0 && i + 2 < lower.length(); i = lower.indexOf('%', i + 1)) {
            char high = lower.charAt(i + 1);
            char low = lower.charAt(i + 2);
            if (high == '0' || high == '1' || (high == '7' && low == 'f')) {
                return true;
            }
        }
        return false;
    }
}
