package dev.tessera.auth.kerberos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrincipalMapperTest {

    private static PrincipalMapper mapper(List<RewriteRule> rules, boolean stripRealm, CaseConversion conversion) {
        return new PrincipalMapper(Set.of("EXAMPLE.ORG", "CORP.EXAMPLE.ORG"), rules, stripRealm, conversion);
    }

    private static String username(PrincipalMapper mapper, String principal) {
        PrincipalMapper.Result result = mapper.map(principal);
        assertThat(result).isInstanceOf(PrincipalMapper.Result.Mapped.class);
        return ((PrincipalMapper.Result.Mapped) result).username();
    }

    @Test
    void stripsTheRealmByDefaultAndKeepsInstances() {
        PrincipalMapper mapper = mapper(List.of(), true, CaseConversion.NONE);
        assertThat(username(mapper, "Alice@EXAMPLE.ORG")).isEqualTo("Alice");
        assertThat(username(mapper, "alice/admin@EXAMPLE.ORG")).isEqualTo("alice/admin");
    }

    @Test
    void keepsTheRealmWhenAsked() {
        assertThat(username(mapper(List.of(), false, CaseConversion.NONE), "alice@CORP.EXAMPLE.ORG"))
                .isEqualTo("alice@CORP.EXAMPLE.ORG");
    }

    @Test
    void firstMatchingRuleWinsAndItsResultIsFinalBarCase() {
        PrincipalMapper mapper = mapper(List.of(
                new RewriteRule("^(.*)/admin@EXAMPLE\\.ORG$", "$1-admin"),
                new RewriteRule("^(.*)@CORP\\.EXAMPLE\\.ORG$", "corp-$1"),
                new RewriteRule("^(.*)@.*$", "never")), true, CaseConversion.LOWER);
        assertThat(username(mapper, "Alice/admin@EXAMPLE.ORG")).isEqualTo("alice-admin");
        assertThat(username(mapper, "Bob@CORP.EXAMPLE.ORG")).isEqualTo("corp-bob");
        assertThat(username(mapper, "carol@EXAMPLE.ORG")).isEqualTo("never");
    }

    @Test
    void aRuleMustMatchTheWholePrincipal() {
        PrincipalMapper mapper = mapper(List.of(new RewriteRule("admin", "root")), true, CaseConversion.NONE);
        assertThat(username(mapper, "alice/admin@EXAMPLE.ORG")).isEqualTo("alice/admin");
    }

    @Test
    void convertsCase() {
        assertThat(username(mapper(List.of(), true, CaseConversion.UPPER), "alice@EXAMPLE.ORG")).isEqualTo("ALICE");
        assertThat(username(mapper(List.of(), true, CaseConversion.LOWER), "ALICE@EXAMPLE.ORG")).isEqualTo("alice");
    }

    @Test
    void refusesRealmsNotAllowedIncludingSubAndSuperRealms() {
        PrincipalMapper mapper = mapper(List.of(), true, CaseConversion.NONE);
        for (String principal : List.of("alice@EVIL.ORG", "alice@example.org", "alice@EXAMPLE.ORG.EVIL", "alice")) {
            PrincipalMapper.Result result = mapper.map(principal);
            assertThat(result).as(principal).isInstanceOf(PrincipalMapper.Result.Refused.class);
            assertThat(((PrincipalMapper.Result.Refused) result).reason()).contains(principal);
        }
    }

    @Test
    void anEscapedAtIsPartOfTheName() {
        assertThat(PrincipalMapper.realmOf("alice\\@home@EXAMPLE.ORG")).isEqualTo("EXAMPLE.ORG");
        assertThat(PrincipalMapper.withoutRealm("alice\\@home@EXAMPLE.ORG")).isEqualTo("alice\\@home");
    }

    @Test
    void aRuleGivingAnEmptyNameIsRefused() {
        PrincipalMapper mapper = mapper(List.of(new RewriteRule(".*", "")), true, CaseConversion.NONE);
        assertThat(mapper.map("alice@EXAMPLE.ORG")).isInstanceOf(PrincipalMapper.Result.Refused.class);
    }
}
