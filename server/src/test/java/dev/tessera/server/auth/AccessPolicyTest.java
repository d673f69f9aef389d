package dev.tessera.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    @Test
    void onlyLoginPagesAndAssetsAreOpen() {
        assertThat(AccessPolicy.isOpen("login")).isTrue();
        assertThat(AccessPolicy.isOpen("login/oauth2/code/auth0")).isTrue();
        assertThat(AccessPolicy.isOpen("assets/app.css")).isTrue();
        assertThat(AccessPolicy.isOpen("loginx")).isFalse();
        assertThat(AccessPolicy.isOpen("api/v1/whoami")).isFalse();
        assertThat(AccessPolicy.isOpen("")).isFalse();
    }

    @Test
    void apiNeedsUserAdminAndExplainNeedAdmin() {
        assertThat(AccessPolicy.requiredRole("api/v1/whoami")).isEmpty();
        assertThat(AccessPolicy.requiredRole("api/v1/cubes")).contains("ROLE_USER");
        assertThat(AccessPolicy.requiredRole("api/v2/anything/new")).contains("ROLE_USER");
        assertThat(AccessPolicy.requiredRole("api/v1/admin/users")).contains("ROLE_ADMIN");
        assertThat(AccessPolicy.requiredRole("api/v1/admin")).contains("ROLE_ADMIN");
        assertThat(AccessPolicy.requiredRole("api/v1/cubes/sales/query/explain")).contains("ROLE_ADMIN");
        assertThat(AccessPolicy.requiredRole("api/v1/cubes/sales/query/explain/")).contains("ROLE_ADMIN");
    }

    @Test
    void returnPathsStayOnThisOrigin() {
        assertThat(AccessPolicy.safeReturnPath("/api/v1/whoami?x=1")).isEqualTo("/api/v1/whoami?x=1");
        assertThat(AccessPolicy.safeReturnPath(null)).isEqualTo("/");
        assertThat(AccessPolicy.safeReturnPath("https://evil.example/")).isEqualTo("/");
        assertThat(AccessPolicy.safeReturnPath("//evil.example/")).isEqualTo("/");
        assertThat(AccessPolicy.safeReturnPath("/\\evil.example")).isEqualTo("/");
        assertThat(AccessPolicy.safeReturnPath("/ok\r\nSet-Cookie: x")).isEqualTo("/");
        assertThat(AccessPolicy.safeReturnPath("/login?returnTo=//evil")).isEqualTo("/");
    }
}
