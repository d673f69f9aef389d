package dev.tessera.server.aggregates;

import dev.tessera.cube.aggregate.AggregateStore;
import dev.tessera.cube.aggregate.BuildStats;
import dev.tessera.server.roles.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/v1/admin/aggregates}: every configured aggregate, with its last build (the data version it was built
 * from, rows, columns, when and how long) or {@code built: false} while its first build has not finished.
 */
@Path("api/v1/admin/aggregates")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public final class AdminAggregatesResource {

    /** One aggregate as the admin sees it; {@code lastBuild} is null until it has been built. */
    public record AggregateView(String engine, String cube, String name, boolean built, BuildStats lastBuild) {}

    private final List<AggregateStore> stores;

    public AdminAggregatesResource(List<AggregateStore> stores) {
        this.stores = List.copyOf(stores);
    }

    @GET
    public List<AggregateView> list() {
        List<AggregateView> views = new ArrayList<>();
        for (AggregateStore store : stores) {
            List<BuildStats> builds = store.stats();
            store.names().forEach((cube, names) -> names.forEach(name -> {
                BuildStats last = builds.stream().filter(b -> b.cube().equals(cube) && b.aggregate().equals(name))
                        .findFirst().orElse(null);
                views.add(new AggregateView(store.engineName(), cube, name, last != null, last));
            }));
        }
        return views;
    }
}
