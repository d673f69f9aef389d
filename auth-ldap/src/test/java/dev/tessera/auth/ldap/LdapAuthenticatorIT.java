package dev.tessera.auth.ldap;

import static dev.tessera.auth.ldap.LdapTestSupport.accepted;
import static dev.tessera.auth.ldap.LdapTestSupport.captureLogs;
import static dev.tessera.auth.ldap.LdapTestSupport.login;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.codahale.metrics.MetricRegistry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import dev.tessera.auth.ldap.testing.LdapDirectoryFixture;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.AuthenticatorFactory;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.Identity;
import dev.tessera.auth.spi.testing.AuthenticatorContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The backend against a real directory over TCP: identities, groups, escaping. */
class LdapAuthenticatorIT extends AuthenticatorContract {

    private static LdapDirectoryFixture directory;
    private final List<Authenticator> opened = new ArrayList<>();

    @BeforeAll
    static void startDirectory() throws Exception {
        directory = LdapDirectoryFixture.start();
        // A group that lists usernames, RFC 2307 style; memberUid compares case-exactly, and carol is stored 'Carol'.
        directory.server().add("dn: cn=readers,ou=groups,dc=example,dc=org", "objectClass: organizationalRole",
                "objectClass: extensibleObject", "cn: readers", "memberUid: Carol");
    }

    @AfterAll
    static void stopDirectory() throws Exception {
        directory.close();
    }

    @AfterEach
    void closeAuthenticators() {
        opened.forEach(Authenticator::close);
    }

    private Authenticator build(Map<String, Object> config) throws Exception {
        config.put("cache", Map.of("ttl", "0s"));
        Authenticator authenticator = LdapTestSupport.build(config, new MetricRegistry());
        opened.add(authenticator);
        return authenticator;
    }

    private Map<String, Object> directBind() {
        Map<String, Object> config = directory.backendConfig();
        config.remove("bindDn");
        config.remove("bindPassword");
        config.put("userDnPattern", "uid={0},ou=people,dc=example,dc=org");
        return config;
    }

    private Map<String, Object> memberOfOnly(int depth) {
        Map<String, Object> config = directory.backendConfig();
        config.remove("groupSearchFilter");
        config.put("memberOfAttribute", "memberOf");
        config.put("nestedGroupDepth", depth);
        return config;
    }

    /** Search-then-bind with group search, direct bind, and search-then-bind with memberOf groups. */
    private List<Map<String, Object>> everyMode(String caseConversion) {
        List<Map<String, Object>> configs = List.of(directory.backendConfig(), directBind(), memberOfOnly(0));
        configs.forEach(config -> config.put("usernameCaseConversion", caseConversion));
        return configs;
    }

    private static String mode(Map<String, Object> config) {
        return config.containsKey("userDnPattern") ? "direct bind"
                : config.containsKey("memberOfAttribute") ? "search, memberOf" : "search";
    }

    // --- the contract ---

    @Override
    protected Authenticator authenticator() throws Exception {
        return build(directory.backendConfig());
    }

    @Override
    protected Class<? extends AuthenticatorFactory> factoryClass() {
        return LdapAuthenticatorFactory.class;
    }

    @Override
    protected String typeName() {
        return "ldap";
    }

    @Override
    protected Credentials goodCredentials() {
        return new Credentials.Password("alice", "alice-secret");
    }

    @Override
    protected String expectedUsername() {
        return "alice";
    }

    @Override
    protected Credentials badCredentials() {
        return new Credentials.Password("alice", "wrong");
    }

    @Override
    protected Optional<ProviderDown> providerDown() throws Exception {
        Map<String, Object> config = directory.backendConfig();
        config.put("urls", List.of("ldap://127.0.0.1:" + LdapTestSupport.closedPort()));
        return Optional.of(new ProviderDown(build(config), goodCredentials()));
    }

    @Override
    protected Map<String, Object> minimalConfig() {
        return directory.backendConfig();
    }

    @Override
    protected Map<String, Object> configWithSecrets() {
        Map<String, Object> config = directory.backendConfig();
        config.put("urls", List.of(directory.ldapUrl().replace("ldap://", "ldaps://")));
        config.put("trustStore", "/etc/tessera/ldap-ca.p12");
        config.put("trustStorePassword", "trust-store-secret");
        return config;
    }

    @Override
    protected Set<String> secrets() {
        return Set.of(LdapDirectoryFixture.BIND_PASSWORD, "trust-store-secret");
    }

    // --- identities and groups ---

    @Test
    void groupNamesBecomeProviderRolesAndAttributesAreRead() throws Exception {
        Authenticator ldap = authenticator();
        Identity alice = accepted(login(ldap, "alice", "alice-secret"));
        assertThat(alice.backend()).isEqualTo("ldap");
        assertThat(alice.providerRoles()).containsExactlyInAnyOrder("analysts", "admins");
        assertThat(alice.attributes()).containsEntry("email", "alice@example.org").containsEntry("displayName", "Alice L.");

        Identity bob = accepted(login(ldap, "bob", "bob-secret"));
        assertThat(bob.providerRoles()).containsExactly("analysts");
        assertThat(bob.attributes()).containsEntry("displayName", "Bob Builder"); // cn when no displayName
    }

    @Test
    void aUserInNoGroupIsAcceptedWithNoProviderRoles() throws Exception {
        assertThat(accepted(login(authenticator(), "dave", "dave-secret")).providerRoles()).isEmpty();
    }

    @ParameterizedTest(name = "depth {0}: {1}")
    @CsvSource({"0, platform", "1, platform engineering", "2, platform engineering everyone",
            "5, platform engineering everyone"})
    void nestedGroupsAreResolvedToTheConfiguredDepth(int depth, String expected) throws Exception {
        Map<String, Object> bySearch = directory.backendConfig();
        bySearch.put("nestedGroupDepth", depth);
        Set<String> expectedRoles = Set.of(expected.split(" "));
        assertThat(accepted(login(build(bySearch), "carol", "carol-secret")).providerRoles())
                .isEqualTo(expectedRoles);
        assertThat(accepted(login(build(memberOfOnly(depth)), "carol", "carol-secret")).providerRoles())
                .isEqualTo(expectedRoles);
    }

    @Test
    void memberOfOnTheUserEntryGivesTheGroupsActiveDirectoryStyle() throws Exception {
        Authenticator ldap = build(memberOfOnly(0));
        assertThat(accepted(login(ldap, "alice", "alice-secret")).providerRoles())
                .containsExactlyInAnyOrder("analysts", "admins");
        assertThat(accepted(login(ldap, "dave", "dave-secret")).providerRoles()).isEmpty();
    }

    // --- the identity is the directory's name for the user, not the spelling typed ---

    @ParameterizedTest(name = "{0}: typed ''{1}'' -> {2}")
    @CsvSource({"lower, ALICE, alice", "upper, alice, ALICE", "none, Alice, alice", "none, ALICE, alice",
            "lower, '  Alice ', alice", "none, carol, Carol", "none, CAROL, Carol", "lower, Carol, carol",
            "upper, carol, CAROL"})
    void theIdentityIsTheDirectorysSpellingAfterTheCaseConversion(String conversion, String typed, String expected)
            throws Exception {
        String password = LdapDirectoryFixture.PASSWORDS.get(expected.toLowerCase(Locale.ROOT));
        for (Map<String, Object> config : everyMode(conversion)) {
            assertThat(accepted(login(build(config), typed, password)).username()).as(mode(config))
                    .isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"ALICE", "Alice", "aLiCe", " alice", "alice  ", "\u3000alice"}) // u3000: ideographic space
    void spellingsOfAliceTheDirectoryMatchesAreAliceWithHerGroups(String typed) throws Exception {
        for (Map<String, Object> config : everyMode("none")) {
            Identity alice = accepted(login(build(config), typed, "alice-secret"));
            assertThat(alice.username()).as(mode(config)).isEqualTo("alice");
            assertThat(alice.providerRoles()).as(mode(config)).containsExactlyInAnyOrder("analysts", "admins");
        }
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"\uff41\uff4c\uff49\uff43\uff45", "\uff21\uff2c\uff29\uff23\uff25", "\uff41lice"})
    void fullwidthSpellingsOfAliceAreAliceOrRefusedNeverTheirOwnName(String typed) throws Exception {
        // A directory that folds width when matching binds these as alice; UnboundID's in-memory directory does not
        // (it refuses them). Either answer is fine; an identity spelled as typed is not.
        for (Map<String, Object> config : everyMode("none")) {
            AuthOutcome outcome = login(build(config), typed, "alice-secret");
            if (outcome instanceof AuthOutcome.Accepted accepted) {
                assertThat(accepted.identity().username()).as(mode(config)).isEqualTo("alice");
                assertThat(accepted.identity().providerRoles()).containsExactlyInAnyOrder("analysts", "admins");
            } else {
                assertThat(outcome).as(mode(config)).isEqualTo(new AuthOutcome.Rejected(LdapAuthenticator.INVALID));
            }
        }
    }

    @ParameterizedTest(name = "{0}: typed {1}")
    @CsvSource({"none, CAROL, Carol", "lower, carol, carol", "upper, Carol, CAROL"})
    void groupSearchByUsernameIsGivenTheDirectorysSpelling(String conversion, String typed, String expected)
            throws Exception {
        for (Map<String, Object> config : List.of(directory.backendConfig(), directBind())) {
            config.put("usernameCaseConversion", conversion);
            config.put("groupSearchFilter", "(memberUid={1})"); // case-exact: only 'Carol' finds readers
            Identity carol = accepted(login(build(config), typed, "carol-secret"));
            assertThat(carol.username()).as(mode(config)).isEqualTo(expected);
            assertThat(carol.providerRoles()).as(mode(config)).containsExactly("readers");
        }
    }

    @Test
    void aUserFoundByAnotherAttributeIsNamedByTheUsernameAttribute() throws Exception {
        Map<String, Object> config = directory.backendConfig();
        config.put("userSearchFilter", "(|(uid={0})(mail={0}))");
        config.put("usernameAttribute", "uid");
        config.put("usernameCaseConversion", "none");
        Authenticator ldap = build(config);
        for (String typed : List.of("alice@example.org", "Alice@Example.ORG", "alice")) {
            Identity alice = accepted(login(ldap, typed, "alice-secret"));
            assertThat(alice.username()).as(typed).isEqualTo("alice");
            assertThat(alice.providerRoles()).as(typed).containsExactlyInAnyOrder("analysts", "admins");
        }
    }

    @Test
    void spellingsThatMatchSeveralEntriesAuthenticateNoOne() throws Exception {
        String twin = "cn=Bob Twin,ou=people,dc=example,dc=org";
        directory.server().add("dn: " + twin, "objectClass: inetOrgPerson", "uid: BOB", "cn: Bob Twin", "sn: Twin",
                "userPassword: bob-secret");
        try {
            Authenticator ldap = build(everyMode("none").get(0));
            for (String typed : List.of("bob", "Bob", "BOB")) {
                assertThat(login(ldap, typed, "bob-secret")).as(typed).isInstanceOf(AuthOutcome.Rejected.class);
            }
        } finally {
            directory.server().delete(twin);
        }
    }

    @Test
    void anEntryWithSeveralNamesIsNamedByTheOneInItsDn() throws Exception {
        String dave = "uid=dave,ou=people,dc=example,dc=org";
        String noNameInDn = "cn=Two Names,ou=people,dc=example,dc=org";
        directory.server().modify(dave, new Modification(ModificationType.ADD, "uid", "dnull"));
        directory.server().add("dn: " + noNameInDn, "objectClass: inetOrgPerson", "uid: twoa", "uid: twob",
                "cn: Two Names", "sn: Names", "userPassword: two-secret");
        try {
            for (Map<String, Object> config : List.of(everyMode("none").get(0), everyMode("none").get(2))) {
                Authenticator ldap = build(config);
                assertThat(accepted(login(ldap, "dnull", "dave-secret")).username()).as(mode(config)).isEqualTo("dave");
                assertThat(accepted(login(ldap, "DAVE", "dave-secret")).username()).as(mode(config)).isEqualTo("dave");
                // Neither name is more this user's than the other: no stable identity, so no login.
                assertThat(login(ldap, "twoa", "two-secret")).as(mode(config)).isInstanceOf(AuthOutcome.Rejected.class);
            }
        } finally {
            directory.server().modify(dave, new Modification(ModificationType.DELETE, "uid", "dnull"));
            directory.server().delete(noNameInDn);
        }
    }

    @Test
    void anEntryWithoutTheUsernameAttributeIsRefusedAndTheLogSaysWhichAttribute() throws Exception {
        ListAppender<ILoggingEvent> log = captureLogs();
        for (Map<String, Object> config : List.of(directory.backendConfig(), directBind())) {
            config.put("usernameAttribute", "employeeNumber");
            assertThat(login(build(config), "alice", "alice-secret")).as(mode(config))
                    .isInstanceOf(AuthOutcome.Rejected.class);
        }
        assertThat(log.list).filteredOn(event -> event.getFormattedMessage().contains("usernameAttribute 'employeeNumber'"))
                .hasSize(2);
    }

    @Test
    void directBindToTheUserDnPattern() throws Exception {
        Authenticator ldap = build(directBind());
        Identity alice = accepted(login(ldap, "alice", "alice-secret"));
        assertThat(alice.providerRoles()).containsExactlyInAnyOrder("analysts", "admins");
        assertThat(alice.attributes()).containsEntry("email", "alice@example.org");
        assertThat(login(ldap, "alice", "wrong")).isEqualTo(new AuthOutcome.Rejected("invalid username or password"));
        assertThat(login(ldap, "nobody", "alice-secret")).isInstanceOf(AuthOutcome.Rejected.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lee,jr", "ann(qa)"})
    void namesWithDnAndFilterSpecialCharactersStillWork(String username) throws Exception {
        String password = LdapDirectoryFixture.PASSWORDS.get(username);
        assertThat(accepted(login(build(directory.backendConfig()), username, password)).username()).isEqualTo(username);
        assertThat(accepted(login(build(directBind()), username, password)).username()).isEqualTo(username);
    }

    // --- refusals ---

    @Test
    void unknownUserAndWrongPasswordGiveTheSameAnswer() throws Exception {
        Authenticator ldap = authenticator();
        AuthOutcome unknown = login(ldap, "nobody", "alice-secret");
        AuthOutcome wrong = login(ldap, "alice", "nope");
        assertThat(unknown).isEqualTo(wrong).isEqualTo(new AuthOutcome.Rejected("invalid username or password"));
    }

    @Test
    void anEmptyPasswordIsRefusedBeforeAnyBind() throws Exception {
        // Some directories (Active Directory, permissive OpenLDAP) take a bind with a DN and an empty password as
        // an anonymous bind and answer success; so no such bind may ever leave Tessera.
        Authenticator search = authenticator();
        Authenticator direct = build(directBind());
        int bindsBefore = directory.bindRequestCount();
        assertThat(login(search, "alice", "")).isInstanceOf(AuthOutcome.Rejected.class);
        assertThat(login(direct, "alice", "")).isInstanceOf(AuthOutcome.Rejected.class);
        assertThat(directory.bindRequestCount()).isEqualTo(bindsBefore);
        login(direct, "alice", "wrong");
        assertThat(directory.bindRequestCount()).as("the counter sees user binds").isGreaterThan(bindsBefore);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"*)(uid=*))(|(uid=*", "*", "ali*", "*lice", "alice)(uid=*", "alice)(|(objectClass=*)",
            "\\2a", "alice\u0000", "uid=alice,ou=people,dc=example,dc=org", "alice,ou=people,dc=example,dc=org",
            "alice\\,ou=people", "{0}", "{1}"})
    void injectionStringsAuthenticateNoOne(String username) throws Exception {
        // With alice's real password: an unescaped filter or DN would find or bind alice.
        for (Map<String, Object> config : List.of(directory.backendConfig(), directBind(), memberOfOnly(1))) {
            assertThat(login(build(config), username, "alice-secret"))
                    .as("%s with %s", username, config.containsKey("userDnPattern") ? "direct bind" : "search")
                    .isInstanceOf(AuthOutcome.Rejected.class);
        }
    }

    @Test
    void aFilterMatchingSeveralEntriesAuthenticatesNoOne() throws Exception {
        Map<String, Object> config = directory.backendConfig();
        config.put("userSearchFilter", "(|(uid={0})(uid=bob))");
        assertThat(login(build(config), "alice", "alice-secret")).isInstanceOf(AuthOutcome.Rejected.class);
    }

    @Test
    void otherCredentialKindsAreNotMine() throws Exception {
        assertThat(authenticator().authenticate(new Credentials.Bearer("abc"))).isInstanceOf(AuthOutcome.NotMine.class);
    }
}
