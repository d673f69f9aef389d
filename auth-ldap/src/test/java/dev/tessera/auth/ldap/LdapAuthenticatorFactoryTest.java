package dev.tessera.auth.ldap;

import static dev.tessera.auth.ldap.LdapTestSupport.factory;
import static dev.tessera.auth.ldap.LdapTestSupport.violations;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Config mistakes are caught at start-up with a message that says what to change. */
class LdapAuthenticatorFactoryTest {

    private static Map<String, Object> valid() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("type", "ldap");
        config.put("urls", List.of("ldap://ldap1.example.org", "ldaps://ldap2.example.org:636"));
        config.put("baseDn", "dc=example,dc=org");
        config.put("bindDn", "cn=tessera,ou=services,dc=example,dc=org");
        config.put("bindPassword", "s3cret");
        config.put("userSearchBase", "ou=people");
        config.put("groupSearchBase", "ou=groups");
        config.put("groupSearchFilter", "(member={0})");
        return config;
    }

    private static Set<String> violationsWith(String key, Object value) {
        Map<String, Object> config = valid();
        if (value == null) {
            config.remove(key);
        } else {
            config.put(key, value);
        }
        return violations(config);
    }

    @Test
    void theDocumentedExampleIsValid() {
        assertThat(violations(valid())).isEmpty();
        assertThat(factory(valid()).name()).isEqualTo("ldap");
    }

    @Test
    void bindDnAndBindPasswordGoTogether() {
        assertThat(violationsWith("bindPassword", null)).anyMatch(m -> m.contains("bindDn and bindPassword must be set together"));
        assertThat(violationsWith("bindPassword", "")).anyMatch(m -> m.contains("bindPassword must not be empty"));
    }

    @Test
    void exactlyOneWayOfBindingIsChosen() {
        assertThat(violationsWith("userDnPattern", "uid={0},ou=people,dc=example,dc=org"))
                .anyMatch(m -> m.contains("set either bindDn and bindPassword"));
        Map<String, Object> neither = valid();
        neither.remove("bindDn");
        neither.remove("bindPassword");
        assertThat(violations(neither)).anyMatch(m -> m.contains("set either bindDn and bindPassword"));
        neither.put("userDnPattern", "uid={0},ou=people,dc=example,dc=org");
        assertThat(violations(neither)).isEmpty();
        neither.put("userDnPattern", "uid=alice,ou=people,dc=example,dc=org");
        assertThat(violations(neither)).anyMatch(m -> m.contains("userDnPattern must be a DN with {0}"));
    }

    @Test
    void urlsMustBeLdapUrls() {
        assertThat(violationsWith("urls", List.of())).anyMatch(m -> m.startsWith("urls"));
        assertThat(violationsWith("urls", List.of("http://ldap.example.org"))).anyMatch(m -> m.contains("ldaps://"));
        assertThat(violationsWith("urls", List.of("ldap://"))).anyMatch(m -> m.contains("with a host"));
    }

    @Test
    void filtersAndDnsMustParse() {
        assertThat(violationsWith("userSearchFilter", "(uid=alice)")).anyMatch(m -> m.contains("{0} for the username"));
        assertThat(violationsWith("userSearchFilter", "(uid={0}")).anyMatch(m -> m.contains("userSearchFilter must be"));
        assertThat(violationsWith("groupSearchFilter", "member={0})(")).anyMatch(m -> m.contains("groupSearchFilter"));
        assertThat(violationsWith("baseDn", "not a dn")).anyMatch(m -> m.contains("baseDn, userSearchBase"));
        assertThat(violationsWith("userSearchBase", "ou=people,dc=example,dc=org")).isEmpty(); // absolute is fine
    }

    @Test
    void tlsSettingsMustMakeSense() {
        assertThat(violationsWith("startTls", true)).anyMatch(m -> m.contains("cannot be combined with ldaps://"));
        assertThat(violationsWith("trustStore", "/no/such/file.p12")).anyMatch(m -> m.contains("readable file"));
        assertThat(violationsWith("trustStorePassword", "x")).anyMatch(m -> m.contains("trustStore is not"));
        Map<String, Object> plain = valid();
        plain.put("urls", List.of("ldap://ldap1.example.org"));
        plain.put("trustStore", "pom.xml");
        assertThat(violations(plain)).anyMatch(m -> m.contains("would never be used"));
    }

    @Test
    void numbersAndNamesAreBounded() {
        assertThat(violationsWith("poolSize", 0)).anyMatch(m -> m.startsWith("poolSize"));
        assertThat(violationsWith("nestedGroupDepth", 11)).anyMatch(m -> m.startsWith("nestedGroupDepth"));
        assertThat(violationsWith("connectTimeout", "0s")).anyMatch(m -> m.startsWith("connectTimeout"));
        assertThat(violationsWith("name", "corp ldap")).anyMatch(m -> m.startsWith("name"));
        assertThat(violationsWith("usernameCaseConversion", "UPPER")).isEmpty();
    }

    @Test
    void theUsernameAttributeIsTheOneTheUsernameIsComparedTo() {
        assertThat(factory(valid()).resolvedUsernameAttribute()).isEqualTo("uid");
        Map<String, Object> activeDirectory = valid();
        activeDirectory.put("userSearchFilter", "(&(objectClass=user)(sAMAccountName={0}))");
        assertThat(factory(activeDirectory).resolvedUsernameAttribute()).isEqualTo("sAMAccountName");
        Map<String, Object> direct = valid();
        direct.remove("bindDn");
        direct.remove("bindPassword");
        direct.put("userDnPattern", "cn={0},ou=people,dc=example,dc=org");
        assertThat(factory(direct).resolvedUsernameAttribute()).isEqualTo("cn");
        Map<String, Object> explicit = valid();
        explicit.put("userSearchFilter", "(|(uid={0})(mail={0}))");
        explicit.put("usernameAttribute", "uid");
        assertThat(violations(explicit)).isEmpty();
        assertThat(factory(explicit).resolvedUsernameAttribute()).isEqualTo("uid");
    }

    @Test
    void aFilterComparingTheUsernameToSeveralAttributesNeedsAUsernameAttribute() {
        assertThat(violationsWith("userSearchFilter", "(|(uid={0})(mail={0}))"))
                .anyMatch(m -> m.contains("usernameAttribute must be set"));
        assertThat(violationsWith("userSearchFilter", "(uid={0}*)")).anyMatch(m -> m.contains("usernameAttribute must be set"));
        assertThat(violationsWith("usernameAttribute", "not an attribute!"))
                .anyMatch(m -> m.contains("usernameAttribute must be an attribute name"));
        // A filter that does not parse gets its own message, not this one as well.
        assertThat(violationsWith("userSearchFilter", "(uid={0}")).noneMatch(m -> m.contains("usernameAttribute"));
    }

    /** The README's examples use the real key names and pass validation (given a trust store that exists). */
    @Test
    @SuppressWarnings("unchecked")
    void theReadmeExamplesAreValid() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        Matcher blocks = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(readme);
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        int found = 0;
        while (blocks.find()) {
            Object auth = yaml.readValue(blocks.group(1), Map.class).get("auth");
            if (!(auth instanceof Map<?, ?> authMap) || !(authMap.get("backends") instanceof List<?> backends)
                    || !"ldap".equals(((Map<String, Object>) backends.get(0)).get("type"))) {
                continue;
            }
            Map<String, Object> backend = (Map<String, Object>) backends.get(0);
            backend.put("trustStore", "pom.xml");
            assertThat(violations(backend)).as(blocks.group(1)).isEmpty();
            found++;
        }
        assertThat(found).isEqualTo(2);
    }

    @Test
    void theBindPasswordIsNeverPrinted() {
        assertThat(factory(valid()).toString()).doesNotContain("s3cret").contains("****");
    }
}
