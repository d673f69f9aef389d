package dev.tessera.server.openapi;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * {@code GET /api/v1/openapi.json}: the API's contract, for code generators and client libraries. Any signed-in
 * caller may read it ({@code @PermitAll}, no role needed), not the anonymous world: nothing on the public port is
 * open without login but the login pages, and the document lists the admin API. Built on the first request, when
 * every resource is registered, and kept.
 */
@Path("api/v1/openapi.json")
@PermitAll
public final class OpenApiResource {

    private final String sessionCookieName;
    private final ResourceConfig resources;
    private volatile String document;

    public OpenApiResource(String sessionCookieName, ResourceConfig resources) {
        this.sessionCookieName = sessionCookieName;
        this.resources = resources;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String document() {
        String built = document;
        if (built == null) {
            synchronized (this) {
                if (document == null) {
                    document = OpenApiDocument.json(resourceClasses(), sessionCookieName);
                }
                built = document;
            }
        }
        return built;
    }

    private List<Class<?>> resourceClasses() {
        List<Class<?>> classes = new ArrayList<>(resources.getClasses());
        resources.getInstances().forEach(instance -> classes.add(instance.getClass()));
        return classes;
    }
}
