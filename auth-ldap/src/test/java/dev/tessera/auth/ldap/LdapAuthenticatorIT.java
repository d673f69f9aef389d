package dev.tessera.auth.ldap;

import static dev.tessera.auth.ldap.LdapTestSupport.accepted;
import static dev.tessera.auth.ldap.LdapTestSupport.login;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.tessera.auth.ldap.testing.LdapDirectoryFixture;
import dev.tessera.auth.spi.AuthOutcome;
import dev.tessera.auth.spi.Authenticator;
import dev.tessera.auth.spi.AuthenticatorFactory;
import dev.tessera.auth.spi.Credentials;
import dev.tessera.auth.spi.Identity;
import dev.tessera.auth.spi.testing.AuthenticatorContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource({"lower, ALICE, alice", "upper, alice, ALICE", "none, Alice, Alice", "lower, '  Alice ', alice"})
    void usernamesAreNormalizedAsConfigured(String conversion, String typed, String expected) throws Exception {
        Map<String, Object> config = directory.backendConfig();
        config.put("usernameCaseConversion", conversion);
        assertThat(accepted(login(build(config), typed, "alice-secret")).username()).isEqualTo(expected);
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
