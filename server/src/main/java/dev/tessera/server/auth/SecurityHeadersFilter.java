package dev.tessera.server.auth;

import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The browser-hardening headers on every answer of the application port. A servlet filter rather than a JAX-RS
 * one: it is set before anything runs, so answers that never reach a resource (the authentication filter's 401s
 * and redirects, exception mappers, the stylesheet servlet) carry them too; {@link HardenedErrorHandler} adds them
 * to Jetty's own error pages. A resource
 * that sets one of these headers itself replaces the default (Jersey overwrites a header the servlet already has).
 *
 * <p>One policy for every kind of answer: HTML pages need it, and a JSON or CSV answer opened as a page gets no
 * more power than a page of ours. Everything on this port but the stylesheet names a user, a session or an error
 * about them, so nothing may be stored by a browser or a shared cache. The one exception: cube answers that carry an
 * {@code ETag} (metadata, members, query answers) say {@code private, no-cache} instead, so a browser may keep its
 * own copy and revalidate it for a 304 ({@code dev.tessera.server.cubes.Conditional}); shared caches still may not.
 */
public final class SecurityHeadersFilter implements Filter {

    /** Scripts, styles and images from this origin only, never inline; no framing, no forms to other sites. */
    public static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";
    /** Where the static stylesheet lives: shared by every user, so a browser may keep it (checked by ETag). */
    public static final String ASSETS = "/assets";
    /** The browser UI's scripts and styles (content-hashed names), public and shared like the stylesheet. */
    public static final String UI_ASSETS = "/ui/assets";

    /** The headers every answer carries, Cache-Control aside. */
    static final Map<String, String> HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer");

    /** On the application context, and on Jetty's error pages (which start from empty headers). */
    public static void install(Environment environment) {
        environment.servlets().addFilter("security-headers", new SecurityHeadersFilter())
                .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
        HardenedErrorHandler errors = new HardenedErrorHandler();
        // Requests Jetty refuses before any context (an ambiguous or non-UTF-8 path, oversized headers). Dropwizard
        // sets its own handler while building the server, after run(): this one replaces it as the server starts.
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                    server.setErrorHandler(errors);
                }
            }
        });
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (response instanceof HttpServletResponse http && request instanceof HttpServletRequest httpRequest) {
            HEADERS.forEach(http::setHeader);
            String servletPath = httpRequest.getServletPath();
            boolean shared = ASSETS.equals(servletPath) || UI_ASSETS.equals(servletPath);
            http.setHeader("Cache-Control", shared ? "no-cache" : "no-store");
        }
        chain.doFilter(request, response);
    }
}
