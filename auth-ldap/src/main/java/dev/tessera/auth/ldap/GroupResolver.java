package dev.tessera.auth.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the names of a user's groups: by searching groups that list the user ({@code groupSearchFilter}), by
 * reading the user's {@code memberOf}-style attribute, or both; then, to {@code nestedGroupDepth} levels, the
 * groups those groups belong to. A group's name is its {@code groupRoleAttribute} value.
 */
final class GroupResolver {

    private final DN searchBase;
    private final String searchFilter;
    private final String roleAttribute;
    private final String memberOfAttribute;
    private final int nestedDepth;

    /**
     * @param searchFilter      null to skip the group search; {0} = member DN, {1} = username (or group name)
     * @param memberOfAttribute null to skip reading group DNs from the user entry
     */
    GroupResolver(DN searchBase, String searchFilter, String roleAttribute, String memberOfAttribute,
                  int nestedDepth) {
        this.searchBase = searchBase;
        this.searchFilter = searchFilter;
        this.roleAttribute = roleAttribute;
        this.memberOfAttribute = memberOfAttribute;
        this.nestedDepth = nestedDepth;
    }

    /** Attributes the user entry must be read with. */
    List<String> userAttributes() {
        return memberOfAttribute == null ? List.of() : List.of(memberOfAttribute);
    }

    Set<String> groupNames(LDAPInterface ldap, Entry user, String username) throws LDAPException {
        Map<DN, String> groups = new HashMap<>();
        if (memberOfAttribute != null) {
            viaMemberOf(ldap, user, groups);
        }
        if (searchFilter != null) {
            viaSearch(ldap, user.getParsedDN(), username, groups);
        }
        Set<String> names = new TreeSet<>(groups.values());
        names.remove("");
        return names;
    }

    private void viaMemberOf(LDAPInterface ldap, Entry user, Map<DN, String> groups) throws LDAPException {
        List<DN> level = dns(user.getAttributeValues(memberOfAttribute));
        for (int depth = 0; depth <= nestedDepth && !level.isEmpty(); depth++) {
            List<DN> next = new ArrayList<>();
            for (DN group : level) {
                if (groups.containsKey(group)) {
                    continue;
                }
                String fromRdn = nameFromRdn(group);
                if (fromRdn != null && depth == nestedDepth) {
                    groups.put(group, fromRdn); // the last level needs no read when the RDN is the name
                    continue;
                }
                SearchResultEntry entry = ldap.getEntry(group.toString(), roleAttribute, memberOfAttribute);
                groups.put(group, entry != null ? name(entry) : (fromRdn != null ? fromRdn : ""));
                if (entry != null) {
                    next.addAll(dns(entry.getAttributeValues(memberOfAttribute)));
                }
            }
            level = next;
        }
    }

    private void viaSearch(LDAPInterface ldap, DN userDn, String username, Map<DN, String> groups)
            throws LDAPException {
        Filter filter = Placeholders.filter(searchFilter, userDn.toString(), username);
        for (int depth = 0; depth <= nestedDepth; depth++) {
            List<Filter> nextFilters = new ArrayList<>();
            for (SearchResultEntry entry : ldap.search(searchBase.toString(), SearchScope.SUB, filter, roleAttribute)
                    .getSearchEntries()) {
                DN group = entry.getParsedDN();
                if (groups.putIfAbsent(group, name(entry)) == null) {
                    nextFilters.add(Placeholders.filter(searchFilter, group.toString(), name(entry)));
                }
            }
            if (nextFilters.isEmpty()) {
                return;
            }
            // One search per level: the groups that list any of the groups just found.
            filter = nextFilters.size() == 1 ? nextFilters.get(0) : Filter.createORFilter(nextFilters);
        }
    }

    private String name(Entry group) throws LDAPException {
        String fromRdn = nameFromRdn(group.getParsedDN());
        if (fromRdn != null) {
            return fromRdn;
        }
        String value = group.getAttributeValue(roleAttribute);
        return value != null ? value : "";
    }

    private String nameFromRdn(DN group) {
        RDN rdn = group.getRDN();
        if (rdn == null) {
            return null;
        }
        String[] names = rdn.getAttributeNames();
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalsIgnoreCase(roleAttribute)) {
                return rdn.getAttributeValues()[i];
            }
        }
        return null;
    }

    private static List<DN> dns(String[] values) throws LDAPException {
        List<DN> dns = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                dns.add(new DN(value));
            }
        }
        return dns;
    }
}
