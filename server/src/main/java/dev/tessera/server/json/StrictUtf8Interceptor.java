package dev.tessera.server.json;

import dev.tessera.server.errors.ProblemException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * JSON request bodies must be UTF-8 (RFC 8259), strictly: a 400 saying where they are not, rather than bytes that
 * one reader takes for '/' and another for nothing at all.
 */
public final class StrictUtf8Interceptor implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (!isJson(context.getMediaType())) {
            return context.proceed();
        }
        Utf8CheckingInputStream checked = new Utf8CheckingInputStream(context.getInputStream());
        context.setInputStream(checked);
        try {
            Object body = context.proceed();
            checked.checkRest();
            return body;
        } catch (IOException e) {
            Utf8CheckingInputStream.MalformedUtf8Exception bad = malformed(e).orElseThrow(() -> e);
            throw ProblemException.badRequest("The body is not valid UTF-8: the bytes at offset " + bad.offset()
                    + " are no UTF-8 character. Send JSON encoded as UTF-8.");
        }
    }

    /** Jackson passes the reader's IOException up as it is, but a wrapper on the way may not. */
    private static Optional<Utf8CheckingInputStream.MalformedUtf8Exception> malformed(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof Utf8CheckingInputStream.MalformedUtf8Exception bad) {
                return Optional.of(bad);
            }
        }
        return Optional.empty();
    }

    private static boolean isJson(MediaType type) {
        return type != null && (type.getSubtype().equalsIgnoreCase("json") || type.getSubtype().toLowerCase(Locale.ROOT).endsWith("+json"));
    }
}
