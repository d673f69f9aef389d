package dev.tessera.server.auth;

import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.IOException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;

/**
 * Works out each request's client address once ({@link ClientAddresses}) and hands it to the login code as a
 * request attribute, which JAX-RS reads as a request property: the servlet request, which knows the connection's
 * peer, is not something the resources and filters behind it otherwise see.
 */
public final class ClientAddressFilter implements Filter {

    static final String ATTRIBUTE = "tessera.clientAddress";
    private static final String UNKNOWN = "unknown";

    private final ClientAddresses addresses;

    private ClientAddressFilter(ClientAddresses addresses) {
        this.addresses = addresses;
    }

    /** On the application context, before anything else reads the request. */
    public static void install(Environment environment, List<String> trustedProxies) {
        environment.servlets().addFilter("client-address", new ClientAddressFilter(new ClientAddresses(trustedProxies)))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }

    /** The client address of a request this filter saw ("unknown" for one it did not, such as a test's). */
    static String of(ContainerRequestContext request) {
        return request.getProperty(ATTRIBUTE) instanceof String address ? address : UNKNOWN;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http) {
            List<String> forwardedFor = Collections.list(http.getHeaders("X-Forwarded-For"));
            request.setAttribute(ATTRIBUTE, addresses.clientOf(http.getRemoteAddr(), forwardedFor));
        }
        chain.doFilter(request, response);
    }
}
