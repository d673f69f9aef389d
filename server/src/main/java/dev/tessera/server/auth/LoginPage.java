package dev.tessera.server.auth;

import static dev.tessera.server.Html.escape;

import dev.tessera.auth.spi.BrowserLogin;
import dev.tessera.server.Html;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The HTML of {@code GET /login}: a password form when a password backend is on, and a link per browser login. */
final class LoginPage {

    private LoginPage() {}

    static String render(boolean passwordForm, boolean kerberos, List<BrowserLogin> providers, String returnTo,
                         String message) {
        StringBuilder html = new StringBuilder(2048);
        html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">").append(Html.SAME_ORIGIN_REFERRER)
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Sign in - Tessera</title>").append(Html.STYLESHEET).append("</head><body class=\"sign-in\">")
                .append("<main><h1>Sign in to Tessera</h1>");
        if (message != null) {
            html.append("<p class=\"message\" role=\"alert\">").append(escape(message)).append("</p>");
        }
        String encodedReturn = URLEncoder.encode(returnTo, StandardCharsets.UTF_8);
        // One way in per configured browser backend: single sign-on buttons first, the password form last.
        for (BrowserLogin provider : providers) {
            html.append("<a class=\"button\" data-provider=\"").append(escape(provider.providerId()))
                    .append("\" href=\"/login/oauth2/authorization/")
                    .append(escape(URLEncoder.encode(provider.providerId(), StandardCharsets.UTF_8)))
                    .append("?returnTo=").append(escape(encodedReturn)).append("\">Sign in with ")
                    .append(escape(provider.displayName())).append("</a>");
        }
        if (kerberos) {
            html.append("<a class=\"button\" id=\"kerberos\" href=\"/login/kerberos?returnTo=").append(escape(encodedReturn))
                    .append("\">Windows sign-in</a><p class=\"hint\">Uses your Windows (Kerberos) session, "
                            + "on a computer of the company domain.</p>");
        }
        if (passwordForm) {
            if (kerberos || !providers.isEmpty()) {
                html.append("<p class=\"or\">or with a username and password</p>");
            }
            html.append("<form method=\"post\" action=\"/login\">")
                    .append("<input type=\"hidden\" name=\"returnTo\" value=\"").append(escape(returnTo)).append("\">")
                    .append("<label for=\"username\">Username</label>")
                    .append("<input id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus>")
                    .append("<label for=\"password\">Password</label>")
                    .append("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>")
                    .append("<button type=\"submit\">Sign in</button></form>");
        }
        if (!passwordForm && !kerberos && providers.isEmpty()) {
            html.append("<p><a href=\"/login\">Back to sign-in</a></p>");
        }
        return html.append("</main></body></html>").toString();
    }

    /**
     * The step between a signed-out form and the provider's own sign-out. Browsers check {@code form-action} against
     * every redirect a form post leads to, so a 303 to another origin would be blocked; a page that moves on by
     * itself starts a new navigation, which the policy leaves alone.
     */
    static String leaving(URI next) {
        String target = escape(next.toASCIIString());
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"refresh\" content=\"0;url=" + target + "\">"
                + "<title>Signing out - Tessera</title>" + Html.STYLESHEET + "</head><body class=\"sign-in\">"
                + "<h1>Tessera</h1><p>You are signed out of Tessera.</p>"
                + "<p><a class=\"button\" href=\"" + target + "\">Continue to sign out at your identity provider</a></p>"
                + "</body></html>";
    }
}
