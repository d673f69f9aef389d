package dev.tessera.auth.spi.http;

/** Formats {@code WWW-Authenticate} challenges. */
public final class Challenges {

    private Challenges() {}

    public static String basic(String realm) {
        return "Basic realm=\"" + quote(realm) + "\", charset=\"UTF-8\"";
    }

    public static String bearer() {
        return "Bearer";
    }

    /** RFC 6750 section 3: a refused token. */
    public static String invalidBearerToken(String description) {
        return "Bearer error=\"invalid_token\", error_description=\"" + quote(description) + "\"";
    }

    public static String negotiate() {
        return "Negotiate";
    }

    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
