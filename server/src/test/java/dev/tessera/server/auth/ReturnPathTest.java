package dev.tessera.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ReturnPathTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        // not a path of this origin
        "https://evil.example/", "//evil.example/x", "///evil.example", "/\\evil.example", "\\\\evil.example",
        "javascript:alert(1)", "evil.example", "?x=1", "#top",
        // characters a Location header or a proxy could read another way
        "/a b", "/x\ty", "/x\r\nSet-Cookie: a=b", "/x\u0000", "/x\u007f", "/caf\u00e9", "/\u202e/evil", "/x#frag",
        "/x;jsessionid=1", "/x\"y", "/x<y>", "/x|y", "/x^y", "/x`y", "/x{y}", "/x[0]",
        // escapes that are broken, not UTF-8, or decode to something refused above
        "/%", "/%z", "/%zz", "/x%4", "/%C0%AF", "/%ED%A0%80", "/%FF", "/%2F%2Fevil.example", "/%5Cevil", "/x%0D%0Ay",
        "/x%00", "/%2e%2e/login",
        // dot segments, and the login pages themselves (a loop, or a way round the check)
        "/./x", "/a/../b", "/a/..", "/.", "/login", "/login/", "/login?returnTo=//evil.example", "/login/kerberos",
        "/logout", "/%6Cogin", "/a/../login"})
    void anythingButACleanPathGoesHome(String returnTo) {
        assertThat(ReturnPath.of(returnTo)).as(String.valueOf(returnTo)).isEqualTo("/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/v1/whoami", "/api/v1/cubes/sales?x=1&y=a%20b", "/api/v1/cubes/caf%C3%A9",
        "/a-b_c~d!$&'()*+,=:@", "/logins-report", "/x/login", "/a..b/.c", "/x?next=//evil.example"})
    void aCleanPathIsKept(String returnTo) {
        assertThat(ReturnPath.of(returnTo)).isEqualTo(returnTo);
    }

    @ParameterizedTest
    @ValueSource(ints = {ReturnPath.MAX_LENGTH + 1, 100_000})
    void aPathLongerThanAnyoneNavigatesGoesHome(int length) {
        assertThat(ReturnPath.of("/" + "a".repeat(length - 1))).isEqualTo("/");
        assertThat(ReturnPath.of("/" + "a".repeat(ReturnPath.MAX_LENGTH - 1))).hasSize(ReturnPath.MAX_LENGTH);
    }
}
