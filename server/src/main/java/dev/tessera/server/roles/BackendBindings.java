package dev.tessera.server.roles;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Which backends may speak for a name. A name belongs to the backends it is bound to in the store: the Basic
 * backend for a local user, else the first backend through which it signed in, plus any an admin linked. Backends
 * that config declares as naming the same people ({@code auth.sameUsers}, e.g. Kerberos and LDAP on one Active
 * Directory) count as one. So an OIDC account called {@code admin} never inherits the local admin's grants.
 *
 * @param localBackend the name of the Basic backend, to which local users are bound ({@code basic} when it is off)
 * @param sameUsers    groups of backend names that name the same people
 */
public record BackendBindings(String localBackend, List<Set<String>> sameUsers) {

    public BackendBindings {
        sameUsers = sameUsers.stream().map(Set::copyOf).toList();
    }

    /** Whether {@code backend} may sign in a name bound to {@code bound}. */
    public boolean admits(String backend, Collection<String> bound) {
        if (bound.isEmpty() || bound.contains(backend)) {
            return true;
        }
        return sameUsers.stream().anyMatch(group -> group.contains(backend) && bound.stream().anyMatch(group::contains));
    }
}
