package dev.tessera.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.auth.spi.BrowserLogin;
import dev.tessera.auth.spi.Identity;
import dev.tessera.auth.spi.Usernames;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The browser session: a signed cookie that carries the identity (username, backend, provider roles), never the
 * effective roles, which are resolved per request so an admin's change applies at once. Any replica with the same
 * key accepts it.
 */
public final class SessionCookies {

    private static final String PURPOSE = "session";
    private static final String LOGIN_PURPOSE = "login-state";
    public static final String LOGIN_COOKIE = "tessera_login";
    private static final Duration LOGIN_TTL = Duration.ofMinutes(10);

    private final SignedTokens tokens;
    private final String cookieName;
    private final Duration ttl;
    private final String secureMode;
    private final Clock clock;

    public SessionCookies(SignedTokens tokens, String cookieName, Duration ttl, String secureMode, Clock clock) {
        this.clock = clock;
        this.tokens = tokens;
        this.cookieName = cookieName;
        this.ttl = ttl;
        this.secureMode = secureMode;
    }

    public String cookieName() {
        return cookieName;
    }

    public NewCookie issue(Identity identity, boolean requestIsSecure) {
        return issue(new BrowserLogin.Session(identity, Optional.empty(), Optional.empty()), requestIsSecure);
    }

    /**
     * A session that also holds the provider's refresh token, encrypted (never readable by the browser or a
     * proxy log), and when to check the user with the provider again.
     */
    public NewCookie issue(BrowserLogin.Session session, boolean requestIsSecure) {
        Identity identity = session.identity();
        ObjectNode claims = tokens.newClaims();
        session.refreshToken().ifPresent(token -> claims.put("rt", tokens.seal(token)));
        session.recheckAt().ifPresent(at -> claims.put("ra", at.getEpochSecond()));
        claims.put("iat", clock.millis());
        claims.put("u", identity.username());
        claims.put("b", identity.backend());
        identity.providerRoles().forEach(claims.putArray("r")::add);
        ObjectNode attributes = claims.putObject("a");
        identity.attributes().forEach(attributes::put);
        return cookie(cookieName, tokens.sign(PURPOSE, claims, ttl), "/", ttl, requestIsSecure);
    }

    public Optional<Identity> read(Cookie cookie) {
        return readSession(cookie).map(stored -> stored.session().identity());
    }

    /** A session cookie as read back: the session, and when it was issued (to honour revocations). */
    public record StoredSession(BrowserLogin.Session session, Instant issuedAt) {}

    public Optional<StoredSession> readSession(Cookie cookie) {
        if (cookie == null) {
            return Optional.empty();
        }
        return tokens.verify(PURPOSE, cookie.getValue()).flatMap(claims -> identityOf(claims).map(identity ->
                new StoredSession(new BrowserLogin.Session(identity,
                        claims.hasNonNull("rt") ? tokens.open(claims.get("rt").asText()) : Optional.empty(),
                        claims.hasNonNull("ra") ? Optional.of(Instant.ofEpochSecond(claims.get("ra").asLong())) : Optional.empty()),
                        Instant.ofEpochMilli(claims.path("iat").asLong(0)))));
    }

    public NewCookie clear(boolean requestIsSecure) {
        return cookie(cookieName, "", "/", Duration.ZERO, requestIsSecure);
    }

    /** The OIDC login state (backend state, provider, return path) until the callback, on any replica. */
    public NewCookie loginState(String providerId, String backendState, String returnTo, boolean requestIsSecure) {
        ObjectNode claims = tokens.newClaims();
        claims.put("p", providerId);
        claims.put("s", backendState);
        claims.put("r", returnTo);
        return cookie(LOGIN_COOKIE, tokens.sign(LOGIN_PURPOSE, claims, LOGIN_TTL), "/login", LOGIN_TTL, requestIsSecure);
    }

    /** The provider id, backend state and return path in the login cookie, when the cookie is ours and fresh. */
    public Optional<LoginState> readLoginState(Cookie cookie) {
        if (cookie == null) {
            return Optional.empty();
        }
        return tokens.verify(LOGIN_PURPOSE, cookie.getValue())
                .map(c -> new LoginState(c.path("p").asText(), c.path("s").asText(), c.path("r").asText("/")));
    }

    public NewCookie clearLoginState(boolean requestIsSecure) {
        return cookie(LOGIN_COOKIE, "", "/login", Duration.ZERO, requestIsSecure);
    }

    public record LoginState(String providerId, String backendState, String returnTo) {}

    private NewCookie cookie(String name, String value, String path, Duration maxAge, boolean requestIsSecure) {
        boolean secure = switch (secureMode) {
            case "always" -> true;
            case "never" -> false;
            default -> requestIsSecure;
        };
        return new NewCookie.Builder(name)
                .value(value)
                .path(path)
                .maxAge((int) maxAge.toSeconds())
                .httpOnly(true)
                .secure(secure)
                .sameSite(NewCookie.SameSite.LAX)
                .build();
    }

    private static Optional<Identity> identityOf(JsonNode claims) {
        String username = claims.path("u").asText("");
        String backend = claims.path("b").asText("");
        if (username.isBlank() || backend.isBlank()) {
            return Optional.empty();
        }
        Set<String> providerRoles = new HashSet<>();
        claims.path("r").forEach(role -> providerRoles.add(role.asText()));
        Map<String, String> attributes = new HashMap<>();
        claims.path("a").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
        try {
            return Optional.of(new Identity(username, backend, providerRoles, attributes));
        } catch (Usernames.InvalidUsernameException e) {
            return Optional.empty();
        }
    }
}
