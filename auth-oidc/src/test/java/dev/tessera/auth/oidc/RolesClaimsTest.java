package dev.tessera.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.dropwizard.jackson.Jackson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolesClaimsTest {

    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();

    private static List<ClaimPath> paths(String json) throws Exception {
        return MAPPER.readValue(json, new TypeReference<List<ClaimPath>>() {});
    }

    @Test
    void aNamespacedClaimIsTakenWholeDotsAndSlashesIncluded() throws Exception {
        RolesClaims roles = new RolesClaims(paths("[\"https://example.com/roles\"]"));
        Map<String, Object> claims = Map.of(
                "https://example.com/roles", List.of("analyst", "admin"),
                "https://example", Map.of("com/roles", List.of("wrong")));
        assertThat(roles.extract(claims)).containsExactly("analyst", "admin");
    }

    @Test
    void aListIsAPathIntoNestedClaims() throws Exception {
        RolesClaims roles = new RolesClaims(paths("[[\"realm_access\", \"roles\"]]"));
        Map<String, Object> claims = Map.of("realm_access", Map.of("roles", List.of("offline_access", "sales")));
        assertThat(roles.extract(claims)).containsExactly("offline_access", "sales");
    }

    @Test
    void aStringValueIsOneRoleAndArraysKeepOnlyScalars() {
        RolesClaims roles = new RolesClaims(List.of(ClaimPath.of("group"), ClaimPath.of("groups")));
        Map<String, Object> claims = Map.of("group", "finance team", "groups", List.of("a", Map.of("x", 1), 7, " "));
        assertThat(roles.extract(claims)).containsExactly("finance team", "a", "7");
    }

    @Test
    void missingOrMisshapenClaimsGiveNoRoles() {
        RolesClaims roles = new RolesClaims(List.of(ClaimPath.of("realm_access", "roles"), ClaimPath.of("roles")));
        assertThat(roles.extract(Map.of())).isEmpty();
        assertThat(roles.extract(Map.of("realm_access", "not an object", "roles", Map.of("a", "b")))).isEmpty();
        assertThat(roles.extract(null)).isEmpty();
    }

    @Test
    void rolesFromSeveralClaimsAreUnited() throws Exception {
        RolesClaims roles = new RolesClaims(paths("[\"https://example.com/roles\", [\"realm_access\", \"roles\"]]"));
        Map<String, Object> claims = Map.of("https://example.com/roles", List.of("a", "b"),
                "realm_access", Map.of("roles", List.of("b", "c")));
        assertThat(roles.extract(claims)).containsExactly("a", "b", "c");
    }

    @Test
    void configShapesOtherThanNameOrListAreRefusedWithTheExpectedShape() {
        assertThatThrownBy(() -> paths("[42]")).isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("claim name");
        assertThatThrownBy(() -> paths("[[\"a\", 1]]")).isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> paths("[[]]")).hasMessageContaining("at least one claim name");
        assertThatThrownBy(() -> paths("[\" \"]")).hasMessageContaining("must not be blank");
    }

    @Test
    void pathsAreWrittenBackAsTheyWereRead() throws Exception {
        String json = "[\"https://example.com/roles\",[\"realm_access\",\"roles\"]]";
        assertThat(MAPPER.writeValueAsString(paths(json))).isEqualTo(json);
    }
}
