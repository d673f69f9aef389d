package dev.tessera.server.auth;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the browser may go after login: a clean path of this origin, or else {@code /}. Clean means what a
 * {@code Location} header and every proxy on the way read the same: RFC 3986 path and query characters only
 * (non-ASCII must come percent-encoded), escapes that decode to UTF-8, and, once decoded, no {@code //}, backslash,
 * control character or dot segment; and not the login or logout pages themselves. Anything else would be an open
 * redirect, a header injection, or a 500 when the redirect is built.
 */
public final class ReturnPath {

    /** Longer is no path a person navigated to; browsers and proxies start refusing URLs around this size. */
    static final int MAX_LENGTH = 2048;
    public static final String HOME = "/";

    // pchar (RFC 3986) less ';' (path parameters are refused before routing), plus '/' and '?'; no '#'.
    // A character class, not an alternation: Java's regex recurses once per repetition of a group.
    private static final Pattern CLEAN = Pattern.compile("/[A-Za-z0-9\\-._~!$&'()*+,=:@/?%]*");
    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");
    private static final Pattern DOT_SEGMENT = Pattern.compile("(^|/)\\.{1,2}(/|$)");
    private static final Pattern LOGIN_PAGES = Pattern.compile("^/(login|logout)(/.*)?$");

    private ReturnPath() {}

    /** Where to go after signing in: {@code returnTo} when it is a clean path of this origin, otherwise {@code /}. */
    public static String of(String returnTo) {
        if (returnTo == null || returnTo.length() > MAX_LENGTH || !CLEAN.matcher(returnTo).matches()
                || BAD_ESCAPE.matcher(returnTo).find() || decode(returnTo).isEmpty()) {
            return HOME;
        }
        int query = returnTo.indexOf('?');
        Optional<String> path = decode(query < 0 ? returnTo : returnTo.substring(0, query));
        if (path.isEmpty() || !isPlain(path.get())) {
            return HOME;
        }
        return returnTo;
    }

    /** The path as the server will route it: no ambiguity a proxy or browser could read another way. */
    private static boolean isPlain(String path) {
        return !path.startsWith("//") && path.indexOf('\\') < 0 && path.chars().noneMatch(c -> c < 0x20 || c == 0x7f)
                && !DOT_SEGMENT.matcher(path).find() && !LOGIN_PAGES.matcher(path).matches();
    }

    /** Percent-decoding that refuses escapes which are not UTF-8 (an overlong {@code %C0%AF} is no '/'). */
    private static Optional<String> decode(String path) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                bytes.write(HexFormat.fromHexDigits(path, i + 1, i + 3));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
