package dev.tessera.server.logging;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes credentials out of text bound for a log: header values ({@code Authorization}, {@code Proxy-Authorization},
 * {@code Cookie}, {@code Set-Cookie}), secret parameters in query strings, form bodies and JSON ({@code code},
 * tokens, {@code client_secret}, passwords), signed JSON tokens wherever they appear, and the raw network bytes that
 * Jetty prints at DEBUG. Names and shapes stay, so a line still says what happened: {@code code=****&state=xyz}.
 */
public final class SecretRedactor {

    public static final String MASK = "****";

    /** Key names that are credentials in any syntax: {@code name=value}, {@code "name":"value"}, {@code name: value}. */
    private static final Pattern NAMED_SECRET = Pattern.compile(
            "(?i)[\\w.-]*(?:password|passwd|secret|secret[_-]?key|private[_-]?key)"
            + "|(?:access|refresh|id|subject|actor)[_-]?token|id[_-]?token[_-]?hint"
            + "|client[_-]?assertion|code[_-]?verifier|api[_-]?key");
    /** Short words that are credentials only as a query, form or JSON key ({@code "code: 400"} in prose is not). */
    private static final Pattern KEYED_SECRET = Pattern.compile("(?i)code|token|assertion");
    /**
     * What a bare value may be made of: it stops at the characters that delimit it in URLs, forms and toString()s,
     * and at {@code =}, so that in {@code failed: password=x} the search goes on to the pair inside the value.
     */
    private static final String BARE_VALUE = "[^\\s&;,=\"'<>(){}\\[\\]\\\\]+";
    /**
     * A separator and the value after it; the key before it is read backwards and checked in code. Searching for
     * the key names themselves (case-insensitive alternatives at every position) made DEBUG lines cost 100 µs each.
     */
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?<=[\\w.\"'-])\\s*([:=])\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(" + BARE_VALUE + "))");
    /** How every credential's key ends: a cheap test before the full patterns above. */
    private static final List<String> SECRET_ENDINGS =
            List.of("password", "passwd", "secret", "token", "code", "assertion", "verifier", "hint", "key");
    /** {@code Authorization: Basic xyz}, {@code Authorization=[Bearer xyz]}, {@code "Authorization":"xyz"}: the scheme stays. */
    private static final Pattern AUTHORIZATION = Pattern.compile("(?i)(?<![\\w-])"
            + "((?:proxy-)?authorization[\"']?\\s*[:=]\\s*\\[?\\s*[\"']?)(?:([a-z][\\w-]*)\\s+)?([^\\s\"'\\])},;]+)");
    /** {@code Cookie: a=1; b=2} and {@code Set-Cookie: a=1; Path=/}: the value runs to the end of the header. */
    private static final Pattern COOKIE_HEADER = Pattern.compile(
            "(?i)(?<![\\w-])((?:set-)?cookie[\"']?\\s*[:=]\\s*\\[?\\s*[\"']?)([^\\r\\n\"'\\])}]+)");
    private static final Pattern COOKIE_PAIR = Pattern.compile("(^|;\\s*)([^=;\\s]+)=([^;]*)");
    private static final Set<String> COOKIE_ATTRIBUTES =
            Set.of("path", "domain", "expires", "max-age", "samesite", "priority", "version", "comment");
    /** A signed JSON token (JWT, JWS, Tessera's own cookies): base64url of <code>{"</code>, a dot, more base64url. */
    private static final Pattern SIGNED_JSON = Pattern.compile("eyJ[\\w-]{6,}\\.[\\w-]{6,}(?:\\.[\\w-]*)?");
    /**
     * Jetty's {@code BufferUtil.toDetailString}: {@code [p=..,l=..,c=..,r=..]={before<<<content>>>after}}, each part
     * a few dozen bytes of the wire, escaped. Every part can hold a credential (the stale bytes after the limit are
     * an earlier request), and a cut-off value no longer carries its name, so the whole dump goes.
     */
    private static final String WIRE_BYTE = "(?:\\\\x[0-9a-fA-F]{2}|\\\\[rnt\\\\]|[\\x20-\\x7e])";
    private static final String WIRE_RUN = WIRE_BYTE + "{0,25}(?:\\.\\.\\." + WIRE_BYTE + "{0,24})?";
    private static final Pattern WIRE_DUMP = Pattern.compile(
            "\\]=\\{" + WIRE_RUN + "<<<" + WIRE_RUN + ">>>" + WIRE_RUN + "\\}");
    /** Should Jetty ever widen its dumps, at least what sits between the markers still goes. */
    private static final Pattern WIRE_CONTENT = Pattern.compile("<<<.*?>>>");

    private SecretRedactor() {}

    /** The text with every credential it shows replaced by {@link #MASK}. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Set<String> found = new LinkedHashSet<>();
        String result = text.contains("]={") ? WIRE_DUMP.matcher(text).replaceAll("]={<<<" + MASK + ">>>}") : text;
        if (result.contains("<<<")) {
            result = replace(WIRE_CONTENT, result, m -> "<<<" + MASK + ">>>");
        }
        String lower = result.toLowerCase(Locale.ROOT);
        if (lower.contains("authorization")) {
            result = replace(AUTHORIZATION, result, m -> m.group(1) + (m.group(2) == null ? "" : m.group(2) + " ")
                    + remember(found, m.group(3)));
        }
        if (lower.contains("cookie")) {
            result = replace(COOKIE_HEADER, result, m -> m.group(1) + cookieValues(m.group(2), found));
        }
        String pairs = result;
        result = replace(KEY_VALUE, pairs, m -> keyValue(pairs, m, found));
        if (result.contains("eyJ")) {
            result = SIGNED_JSON.matcher(result).replaceAll(MASK);
        }
        return elsewhere(result, found);
    }

    /** The value of one header as a log would print it; the scheme of an {@code Authorization} stays. */
    public static String redactHeader(String name, String value) {
        if (value == null || name == null) {
            return value;
        }
        String header = name.toLowerCase(Locale.ROOT);
        return switch (header) {
            case "authorization", "proxy-authorization" -> {
                int space = value.indexOf(' ');
                yield space > 0 ? value.substring(0, space) + " " + MASK : MASK;
            }
            case "cookie", "set-cookie" -> cookieValues(value, new LinkedHashSet<>());
            default -> redact(value);
        };
    }

    /** The value of one query or form parameter as a log would print it. */
    public static String redactParameter(String name, String value) {
        if (value == null || name == null) {
            return value;
        }
        return isSecret(name, true) ? MASK : redact(value);
    }

    /** The pair as it was, or with its value masked when the whole key names a credential. */
    private static String keyValue(String text, MatchResult m, Set<String> found) {
        int keyEnd = m.start();
        boolean quotedKey = text.charAt(keyEnd - 1) == '"' || text.charAt(keyEnd - 1) == '\'';
        if (quotedKey) {
            keyEnd--;
        }
        int keyStart = keyEnd;
        while (keyStart > 0 && isKeyChar(text.charAt(keyStart - 1))) {
            keyStart--;
        }
        boolean assignment = m.group(1).equals("=");
        if (keyStart == keyEnd || !isSecret(text.substring(keyStart, keyEnd), quotedKey || assignment)) {
            return m.group();
        }
        boolean quotedValue = m.group(2) != null;
        String value = quotedValue ? m.group(2) : m.group(3);
        return text.substring(m.start(), quotedValue ? m.start(2) : m.start(3)) + remember(found, value)
                + (quotedValue ? "\"" : "");
    }

    /** Short words like {@code code} count only as a key, never as a word in a sentence followed by a colon. */
    private static boolean isSecret(String key, boolean asKey) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (SECRET_ENDINGS.stream().noneMatch(lower::endsWith)) {
            return false;
        }
        return NAMED_SECRET.matcher(key).matches() || (asKey && KEYED_SECRET.matcher(key).matches());
    }

    private static boolean isKeyChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-';
    }

    private static String cookieValues(String header, Set<String> found) {
        return replace(COOKIE_PAIR, header, m -> COOKIE_ATTRIBUTES.contains(m.group(2).toLowerCase(Locale.ROOT))
                ? m.group() : m.group(1) + m.group(2) + "=" + remember(found, m.group(3)));
    }

    private static String remember(Set<String> found, String secret) {
        if (secret.length() >= 6 && !secret.equals(MASK)) {
            found.add(secret);
        }
        return MASK;
    }

    /** A value once seen as a credential goes wherever else the same text repeats it (under another name). */
    private static String elsewhere(String text, Set<String> secrets) {
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }

    private static String replace(Pattern pattern, String text, Function<MatchResult, String> replacement) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.replaceAll(m -> Matcher.quoteReplacement(replacement.apply(m))) : text;
    }
}
