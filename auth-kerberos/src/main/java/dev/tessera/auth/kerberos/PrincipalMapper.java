package dev.tessera.auth.kerberos;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an authenticated Kerberos principal into a Tessera username: first the realm must be allowed, then the
 * first rewrite rule that matches the whole principal gives the name, else the realm is stripped (or not), and
 * finally the case is converted.
 */
final class PrincipalMapper {

    /** What became of a principal: a username, or the reason it has none. */
    sealed interface Result {
        record Mapped(String username) implements Result {}

        record Refused(String reason) implements Result {}
    }

    private final Set<String> allowedRealms;
    private final List<RewriteRule> rules;
    private final boolean stripRealm;
    private final CaseConversion caseConversion;

    PrincipalMapper(Set<String> allowedRealms, List<RewriteRule> rules, boolean stripRealm,
                    CaseConversion caseConversion) {
        this.allowedRealms = Set.copyOf(allowedRealms);
        this.rules = List.copyOf(rules);
        this.stripRealm = stripRealm;
        this.caseConversion = caseConversion;
    }

    Result map(String principal) {
        String realm = realmOf(principal);
        if (!allowedRealms.contains(realm)) {
            return new Result.Refused("principal " + principal + " is from realm '" + realm
                    + "', which this server does not accept (allowedRealms: " + allowedRealms + ")");
        }
        String name = rules.stream()
                .map(rule -> rule.apply(principal))
                .flatMap(Optional::stream)
                .findFirst()
                .orElseGet(() -> stripRealm ? withoutRealm(principal) : principal);
        String username = caseConversion.apply(name).strip();
        if (username.isEmpty()) {
            return new Result.Refused("principal " + principal + " maps to an empty username");
        }
        return new Result.Mapped(username);
    }

    /** The realm of {@code primary/instance@REALM}; empty when there is none. */
    static String realmOf(String principal) {
        int at = lastUnescapedAt(principal);
        return at < 0 ? "" : principal.substring(at + 1);
    }

    static String withoutRealm(String principal) {
        int at = lastUnescapedAt(principal);
        return at < 0 ? principal : principal.substring(0, at);
    }

    // RFC 1964 principal names may escape '@' as "\@" inside a component.
    private static int lastUnescapedAt(String principal) {
        for (int i = principal.length() - 1; i >= 0; i--) {
            if (principal.charAt(i) == '@' && (i == 0 || principal.charAt(i - 1) != '\\')) {
                return i;
            }
        }
        return -1;
    }
}
