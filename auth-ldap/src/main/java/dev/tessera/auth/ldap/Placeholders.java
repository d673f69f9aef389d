package dev.tessera.auth.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.function.UnaryOperator;

/**
 * Puts request values into the filters and DN patterns of the config. Every value is escaped (RFC 4515 for
 * filters, RFC 4514 for DN attribute values) and substituted in one pass, so a value that itself contains
 * {@code {1}} or {@code *)(uid=*} stays a literal value.
 */
final class Placeholders {

    private Placeholders() {}

    /** {@code template} with {@code {i}} replaced by the filter-escaped {@code values[i]}, parsed. */
    static Filter filter(String template, String... values) throws LDAPException {
        return Filter.create(substitute(template, Filter::encodeValue, values));
    }

    /** {@code pattern} with {@code {0}} replaced by the RDN-escaped value, parsed as a DN. */
    static DN dn(String pattern, String value) throws LDAPException {
        return new DN(substitute(pattern, Placeholders::escapeDnValue, value));
    }

    static String substitute(String template, UnaryOperator<String> escape, String... values) {
        StringBuilder out = new StringBuilder(template.length() + 32);
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{' && i + 2 < template.length() && template.charAt(i + 2) == '}') {
                int index = template.charAt(i + 1) - '0';
                if (index >= 0 && index < values.length) {
                    out.append(escape.apply(values[index]));
                    i += 3;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** RFC 4514 section 2.4; '=' is escaped too, which the RFC allows and some parsers need. */
    static String escapeDnValue(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean edgeSpace = c == ' ' && (i == 0 || i == value.length() - 1);
            if (c == '\0') {
                out.append("\\00");
            } else if (edgeSpace || (c == '#' && i == 0) || "\"+,;<>\\=".indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
