package dev.tessera.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessPolicyTest {

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
