package dev.tessera.cube.restrict;

import dev.tessera.cube.model.Cube;
import dev.tessera.cube.model.DefaultAccess;
import dev.tessera.cube.model.Level;
import dev.tessera.cube.query.QueryError;
import dev.tessera.cube.query.QueryValidator;
import dev.tessera.cube.query.Values;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a user's roles into one {@link EffectiveRestriction} per cube, by Atoti's rule:
 * <ul>
 *   <li>an admin sees everything;</li>
 *   <li>a role granting {@code "all"} on the cube gives everything (that is what an admin wrote it for);</li>
 *   <li>if no role carries conditions on the cube: everything, or nothing when the cube says
 *       {@code defaultAccess: none};</li>
 *   <li>otherwise the conditions of all roles are pooled: those on the same hierarchy are unioned (across
 *       roles and across levels), those on different hierarchies intersected. Roles without conditions
 *       on the cube do not widen what the restricted roles allow.</li>
 * </ul>
 */
public final class RestrictionResolver {
    private static final Logger LOG = LoggerFactory.getLogger(RestrictionResolver.class);

    private RestrictionResolver() {
    }

    /**
     * Combines the restrictions of all of a user's roles on one cube into the one the user's queries get.
     *
     * @param isAdmin    the user holds ROLE_ADMIN
     * @param roleGrants for each of the user's roles, its restriction document (cube name to grant); roles
     *                   without a document may be left out or passed as empty maps
     */
    public static EffectiveRestriction resolve(Cube cube, boolean isAdmin, Collection<Map<String, CubeGrant>> roleGrants) {
        if (isAdmin) {
            return EffectiveRestriction.ALL;
        }
        Map<String, Map<String, Set<Object>>> pooled = new LinkedHashMap<>();
        boolean restricted = false;
        for (Map<String, CubeGrant> grants : roleGrants) {
            CubeGrant grant = grants == null ? null : grants.get(cube.name());
            if (grant instanceof CubeGrant.All) {
                return EffectiveRestriction.ALL;
            }
            if (grant instanceof CubeGrant.Conditions c) {
                restricted = true;
                c.levels().forEach((ref, values) -> pool(cube, ref, values, pooled));
            }
        }
        if (!restricted) {
            return cube.defaultAccess() == DefaultAccess.NONE ? EffectiveRestriction.NONE : EffectiveRestriction.ALL;
        }
        if (pooled.isEmpty()) {
            // A role said {"cube": {}}: restricted, yet on nothing. Fail closed rather than guess.
            return EffectiveRestriction.NONE;
        }
        Map<String, Map<String, List<Object>>> out = new LinkedHashMap<>();
        pooled.forEach((h, levels) -> {
            Map<String, List<Object>> l = new LinkedHashMap<>();
            levels.forEach((ref, values) -> l.put(ref, new ArrayList<>(values)));
            out.put(h, l);
        });
        return new EffectiveRestriction.Restricted(out);
    }

    /** One restriction per cube, for every cube given (what whoami shows and the query resources apply). */
    public static Map<String, EffectiveRestriction> resolveAll(Collection<Cube> cubes, boolean isAdmin,
                                                               Collection<Map<String, CubeGrant>> roleGrants) {
        Map<String, EffectiveRestriction> out = new LinkedHashMap<>();
        for (Cube c : cubes) {
            out.put(c.name(), resolve(c, isAdmin, roleGrants));
        }
        return out;
    }

    private static void pool(Cube cube, String ref, List<Object> values, Map<String, Map<String, Set<Object>>> pooled) {
        Level level = cube.levels().get(ref);
        // An unknown level (the cube changed since the admin wrote this) keys its own hierarchy and allows
        // nothing there, so the restriction fails closed instead of silently vanishing.
        String hierarchy = level != null ? level.hierarchy() : "?" + ref;
        Set<Object> allowed = pooled.computeIfAbsent(hierarchy, h -> new LinkedHashMap<>())
                .computeIfAbsent(ref, r -> new LinkedHashSet<>());
        if (level == null) {
            LOG.warn("restriction on cube '{}' names unknown level '{}'; it allows no rows", cube.name(), ref);
            return;
        }
        for (Object v : values) {
            try {
                allowed.add(Values.convert(level.type(), Grants.scalar(v)));
            } catch (IllegalArgumentException e) {
                LOG.warn("restriction on cube '{}' level '{}': value {} ignored: {}", cube.name(), ref, v, e.getMessage());
            }
        }
    }

    /**
     * Checks one role's restriction document against the cubes, for the admin PUT (422 on problems):
     * unknown cube, unknown level, value of the wrong type. Pointers are into the document.
     */
    public static List<QueryError> validate(Map<String, Cube> cubes, Map<String, CubeGrant> grants) {
        List<QueryError> errors = new ArrayList<>();
        grants.forEach((cubeName, grant) -> {
            String ptr = "/" + QueryValidator.escape(cubeName);
            Cube cube = cubes.get(cubeName);
            if (cube == null) {
                errors.add(new QueryError(ptr, "unknown cube '" + cubeName + "'; cubes are: " + String.join(", ", cubes.keySet())));
                return;
            }
            if (grant instanceof CubeGrant.Conditions c) {
                if (c.levels().isEmpty()) {
                    errors.add(new QueryError(ptr, "name at least one level, or grant \"all\""));
                }
                c.levels().forEach((ref, values) -> {
                    String lptr = ptr + "/" + QueryValidator.escape(ref);
                    Level level = cube.levels().get(ref);
                    if (level == null) {
                        errors.add(new QueryError(lptr, "unknown level '" + ref + "' in cube '" + cubeName
                                + "'; levels are: " + String.join(", ", cube.levels().keySet())));
                        return;
                    }
                    for (int i = 0; i < values.size(); i++) {
                        try {
                            Values.convert(level.type(), Grants.scalar(values.get(i)));
                        } catch (IllegalArgumentException e) {
                            errors.add(new QueryError(lptr + "/" + i, e.getMessage()));
                        }
                    }
                });
            }
        });
        return errors;
    }

}
