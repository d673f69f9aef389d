package dev.tessera.server.cubes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tessera.cube.CubeService;
import dev.tessera.cube.query.QueryError;
import dev.tessera.cube.query.QueryValidationException;
import dev.tessera.cube.restrict.CubeGrant;
import dev.tessera.cube.restrict.EffectiveRestriction;
import dev.tessera.cube.restrict.Grants;
import dev.tessera.cube.restrict.RestrictionRenderer;
import dev.tessera.server.errors.Problem;
import dev.tessera.server.roles.ResolvedRoles;
import dev.tessera.server.roles.RestrictionRules;
import dev.tessera.server.roles.RoleStore;
import dev.tessera.server.roles.Roles;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the restriction JSON the role store keeps into what the cube layer enforces: validation of an admin's
 * restriction against the cubes, the effective restriction of a user on a cube (Atoti's rule, in the cube
 * module), and the whoami view of it.
 */
public final class CubeAccess implements RestrictionRules {

    private final CubeService cubes;
    private final RoleStore store;
    private final ObjectMapper mapper;
    /** Stored restriction JSON -> parsed grants; the same few documents are read on every request. */
    private final Cache<String, Map<String, CubeGrant>> parsed = Caffeine.newBuilder().maximumSize(10_000).build();

    public CubeAccess(CubeService cubes, RoleStore store, ObjectMapper mapper) {
        this.cubes = cubes;
        this.store = store;
        this.mapper = mapper;
    }

    @Override
    public List<Problem.FieldError> validate(JsonNode restriction) {
        List<QueryError> errors;
        try {
            errors = cubes.validateGrants(Grants.parse(restriction));
        } catch (QueryValidationException e) {
            errors = e.errors();
        }
        List<Problem.FieldError> result = new ArrayList<>();
        errors.forEach(error -> result.add(new Problem.FieldError(error.pointer(), error.detail())));
        return result;
    }

    @Override
    public Map<String, Object> inForce(ResolvedRoles roles) {
        Map<String, EffectiveRestriction> perCube = cubes.restrictions(roles.has(Roles.ADMIN), grants(roles));
        return mapper.convertValue(RestrictionRenderer.render(perCube), new TypeReference<Map<String, Object>>() { });
    }

    public EffectiveRestriction restriction(String cube, ResolvedRoles roles) {
        return cubes.restriction(cube, roles.has(Roles.ADMIN), grants(roles));
    }

    /** The restriction a user holding exactly these roles would have, so an admin can check what a role sees. */
    public EffectiveRestriction restrictionAs(String cube, Set<String> roles) {
        return restriction(cube, new ResolvedRoles(roles, store.restrictionsOf(roles)));
    }

    private Collection<Map<String, CubeGrant>> grants(ResolvedRoles roles) {
        List<Map<String, CubeGrant>> grants = new ArrayList<>();
        roles.restrictionsByRole().values().forEach(spec -> grants.add(parsed.get(spec, this::parse)));
        return grants;
    }

    private Map<String, CubeGrant> parse(String spec) {
        try {
            return Grants.parse(mapper.readTree(spec));
        } catch (JsonProcessingException | QueryValidationException e) {
            // Validated when written, so this is a damaged store; fail closed rather than ignore a restriction.
            throw new IllegalStateException("a stored restriction cannot be read; the request is refused", e);
        }
    }
}
