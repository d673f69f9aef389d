package dev.tessera.server;

/** Escaping for the few server-rendered pages (login, home). */
public final class Html {

    /** The pages' one stylesheet: served from {@code /assets}, since the content security policy refuses inline styles. */
    public static final String STYLESHEET = "<link rel=\"stylesheet\" href=\"/assets/tessera.css\">";

    /**
     * For pages with a form that posts to this server (sign-in, sign-out). Under the server-wide
     * {@code Referrer-Policy: no-referrer} a browser sends {@code Origin: null} with a form post, which the CSRF
     * check must refuse (a sandboxed frame on any site sends the same); {@code same-origin} lets the browser name
     * this origin on posts to it while still sending nothing to other sites.
     */
    public static final String SAME_ORIGIN_REFERRER = "<meta name=\"referrer\" content=\"same-origin\">";

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
