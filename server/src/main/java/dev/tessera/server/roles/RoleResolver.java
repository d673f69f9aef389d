package dev.tessera.server.roles;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.caffeine.MetricsStatsCounter;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tessera.auth.spi.Identity;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Effective roles = individual roles ∪ the backend's mapping of each provider role and of the username ∪ the
 * backend's default roles when the first two give nothing; nothing at all when the name belongs to another backend
 * ({@link BackendBindings}). Resolved per request and cached briefly; a change on
 * this server clears the cache at once, and so does one on another server sharing a PostgreSQL store (its
 * NOTIFY, {@code ChangeListener}); the TTL bounds staleness while that connection is lost.
 */
public final class RoleResolver {

    private record Key(String username, String backend, Set<String> providerRoles) {}

    private final RoleStore store;
    private final BackendBindings bindings;
    private final Cache<Key, ResolvedRoles> cache;
    /** Users whose last-seen time was written lately: a write per user per few minutes, not per cache miss. */
    private final Cache<String, Boolean> touched =
            Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(5)).maximumSize(100_000).build();
    /**
     * The backend and provider roles last recorded per user: the store is compared (and written) only when a sign-in
     * brings others. Expires so a set another server recorded meanwhile is put right within minutes.
     */
    private final Cache<String, Key> recorded =
            Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(5)).maximumSize(100_000).build();

    public RoleResolver(RoleStore store, BackendBindings bindings, Duration ttl, MetricRegistry metrics) {
        this.store = store;
        this.bindings = bindings;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(50_000)
                .recordStats(() -> new MetricsStatsCounter(metrics, "tessera.roles.cache"))
                .build();
        store.onChange(username -> cache.invalidateAll());
    }

    public ResolvedRoles resolve(Identity identity) {
        Key key = new Key(identity.username(), identity.backend(), identity.providerRoles());
        return cache.get(key, this::load);
    }

    /**
     * The roles a user would hold signing in through {@code backend} with these provider roles, by the same rules as
     * a sign-in but recording nothing and binding no backend (the admin console's effective roles).
     */
    public ResolvedRoles preview(String username, String backend, Set<String> providerRoles) {
        List<String> bound = store.backendsOf(username);
        return rolesOf(new Key(username, backend, Set.copyOf(providerRoles)), bound.isEmpty() ? List.of(backend) : bound);
    }

    private ResolvedRoles load(Key key) {
        recordSignIn(key);
        return rolesOf(key, store.bindOnFirstSignIn(key.username(), key.backend()));
    }

    /** Last seen at most once per user per few minutes; provider roles only when they differ from those recorded. */
    private void recordSignIn(Key key) {
        if (touched.asMap().putIfAbsent(key.username(), Boolean.TRUE) == null) {
            store.touch(key.username(), key.backend());
        }
        if (!key.equals(recorded.getIfPresent(key.username()))) {
            store.recordProviderRoles(key.username(), key.backend(), key.providerRoles());
            recorded.put(key.username(), key);
        }
    }

    private ResolvedRoles rolesOf(Key key, List<String> bound) {
        if (!bindings.admits(key.backend(), bound)) {
            return new ResolvedRoles(Set.of(), Map.of(), Optional.empty(), bound, false);
        }
        Set<String> roles = new TreeSet<>(store.rolesOf(key.username()));
        Set<String> mappable = new HashSet<>(key.providerRoles());
        mappable.add(key.username());
        roles.addAll(store.mappedRoles(key.backend(), mappable));
        if (roles.isEmpty()) {
            roles.addAll(store.defaultRoles(key.backend()));
        }
        return new ResolvedRoles(roles, store.restrictionsOf(roles), store.sessionsRevokedAt(key.username()), bound, true);
    }
}
