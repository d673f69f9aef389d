package dev.tessera.server;

/** Escaping for the few server-rendered pages (login, home). */
public final class Html {

    /** The pages' one stylesheet: served from {@code /assets}, since the content security policy refuses inline styles. */
    public static final String STYLESHEET = "<link rel=\"stylesheet\" href=\"/assets/tessera.css\">";

    private Html() {}

    public static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
