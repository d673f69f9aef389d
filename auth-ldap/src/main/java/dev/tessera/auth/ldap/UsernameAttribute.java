package dev.tessera.auth.ldap;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The attribute of a user's entry that holds the user's name ({@code uid}, {@code sAMAccountName}), and the
 * directory's own spelling of that name. Directories match what was typed loosely (case, spaces, often width), so
 * {@code ALICE} binds as {@code alice}; the identity must be the stored value, or local grants and restrictions
 * keyed by {@code alice} would not apply to the spelling the caller chose.
 */
final class UsernameAttribute {

    /** Stands in for {0} when reading which attribute a filter or DN pattern compares the username to. */
    private static final String PROBE = "tessera-username-probe";

    private final String name;

    UsernameAttribute(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /**
     * The stored value. An entry with several values (aliases) is named by the one in its RDN, as that is stable
     * whichever alias was typed; with no value, a blank one, or several and none in the RDN there is no name to
     * trust, and the login is refused.
     */
    Optional<String> valueOf(Entry user) throws LDAPException {
        String[] values = user.getAttributeValues(name);
        if (values == null || values.length == 0) {
            return Optional.empty();
        }
        if (values.length == 1) {
            return Optional.of(values[0]).filter(value -> !value.isBlank());
        }
        Optional<String> inRdn = rdnValue(user.getParsedDN().getRDN());
        return inRdn.flatMap(rdnValue -> Arrays.stream(values).filter(rdnValue::equalsIgnoreCase).findFirst());
    }

    private Optional<String> rdnValue(RDN rdn) {
        if (rdn == null) {
            return Optional.empty();
        }
        String[] names = rdn.getAttributeNames();
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return Optional.of(rdn.getAttributeValues()[i]);
            }
        }
        return Optional.empty();
    }

    /**
     * The attribute the username is compared to: in {@code userDnPattern} when set (its RDN holding {0}), else in
     * {@code userSearchFilter} ({@code uid} in {@code (uid={0})}). Empty when there is no single such attribute,
     * e.g. {@code (|(uid={0})(mail={0}))}: then it must be configured.
     */
    static Optional<String> derive(String userSearchFilter, String userDnPattern) {
        try {
            return userDnPattern != null ? fromDnPattern(userDnPattern) : fromFilter(userSearchFilter);
        } catch (LDAPException | RuntimeException unparseable) {
            return Optional.empty(); // reported by the factory's own validation of the filter or pattern
        }
    }

    private static Optional<String> fromFilter(String template) throws LDAPException {
        Map<String, String> found = new TreeMap<>();
        collect(Placeholders.filter(template, PROBE), found);
        return single(found);
    }

    private static void collect(Filter filter, Map<String, String> found) {
        switch (filter.getFilterType()) {
            case Filter.FILTER_TYPE_AND, Filter.FILTER_TYPE_OR -> {
                for (Filter component : filter.getComponents()) {
                    collect(component, found);
                }
            }
            case Filter.FILTER_TYPE_NOT -> collect(filter.getNOTComponent(), found);
            case Filter.FILTER_TYPE_EQUALITY, Filter.FILTER_TYPE_APPROXIMATE_MATCH,
                    Filter.FILTER_TYPE_EXTENSIBLE_MATCH -> {
                if (filter.getAttributeName() != null && PROBE.equals(filter.getAssertionValue())) {
                    found.put(filter.getAttributeName().toLowerCase(Locale.ROOT), filter.getAttributeName());
                }
            }
            default -> { }
        }
    }

    private static Optional<String> fromDnPattern(String pattern) throws LDAPException {
        Map<String, String> found = new TreeMap<>();
        for (RDN rdn : Placeholders.dn(pattern, PROBE).getRDNs()) {
            String[] names = rdn.getAttributeNames();
            for (int i = 0; i < names.length; i++) {
                if (PROBE.equals(rdn.getAttributeValues()[i])) {
                    found.put(names[i].toLowerCase(Locale.ROOT), names[i]);
                }
            }
        }
        return single(found);
    }

    private static Optional<String> single(Map<String, String> found) {
        return found.size() == 1 ? Optional.of(found.values().iterator().next()) : Optional.empty();
    }

    @Override
    public String toString() {
        return name;
    }
}
