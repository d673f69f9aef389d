package dev.tessera.auth.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlaceholdersTest {

    @ParameterizedTest
    @ValueSource(strings = {"alice", "*)(uid=*))(|(uid=*", "a\\b", "{1}", "x\u0000y", "é*"})
    void aFilterValueStaysOneLiteralValue(String value) throws Exception {
        Filter filter = Placeholders.filter("(&(objectClass=person)(uid={0}))", value);
        Filter uid = filter.getComponents()[1];
        assertThat(uid.getFilterType()).isEqualTo(Filter.FILTER_TYPE_EQUALITY);
        assertThat(uid.getAssertionValue()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "lee,jr", "a+b", " lead", "trail ", "#hash", "x=y", "q\"u<o>t;e\\", "a\u0000b",
            "uid=alice,ou=admins"})
    void aDnValueStaysOneRdnValue(String value) throws Exception {
        DN dn = Placeholders.dn("uid={0},ou=people,dc=example,dc=org", value);
        assertThat(dn.getRDNs()).hasSize(4);
        assertThat(dn.getRDN().getAttributeValues()).containsExactly(value);
        assertThat(dn.getParentString()).isEqualTo("ou=people,dc=example,dc=org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{0}{1}", "{1}"})
    void substitutionIsOnePass(String value) {
        assertThat(Placeholders.substitute("({0}|{1})", v -> v, value, "B")).isEqualTo("(" + value + "|B)");
    }
}
