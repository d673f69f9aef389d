package dev.tessera.auth.spi.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tessera.auth.spi.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AuthorizationHeaderTest {

    private static String basic(String raw) {
        return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicSplitsOnTheFirstColonOnly() throws Exception {
        assertThat(AuthorizationHeader.parse(basic("bob:pa:ss")))
                .contains(new Credentials.Password("bob", "pa:ss"));
    }

    @Test
    void schemeIsCaseInsensitive() throws Exception {
        assertThat(AuthorizationHeader.parse("bEaReR abc.def")).contains(new Credentials.Bearer("abc.def"));
    }

    @Test
    void unknownSchemeIsNotOurs() throws Exception {
        assertThat(AuthorizationHeader.parse("Digest username=x")).isEmpty();
        assertThat(AuthorizationHeader.parse(null)).isEmpty();
    }

    @Test
    void brokenValuesAreMalformedNotCrashes() {
        assertThatThrownBy(() -> AuthorizationHeader.parse("Basic %%%")).isInstanceOf(MalformedCredentialsException.class);
        assertThatThrownBy(() -> AuthorizationHeader.parse(basic("nocolon"))).isInstanceOf(MalformedCredentialsException.class);
        assertThatThrownBy(() -> AuthorizationHeader.parse("Negotiate")).isInstanceOf(MalformedCredentialsException.class);
        assertThatThrownBy(() -> AuthorizationHeader.parse("Bearer a b")).isInstanceOf(MalformedCredentialsException.class);
    }

    @Test
    void negotiateIsDecoded() throws Exception {
        Credentials parsed = AuthorizationHeader.parse("Negotiate " + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}))
                .orElseThrow();
        assertThat(parsed).isEqualTo(new Credentials.Negotiate(new byte[] {1, 2, 3}));
    }

    @Test
    void passwordNeverPrinted() {
        assertThat(new Credentials.Password("bob", "s3cret").toString()).doesNotContain("s3cret");
    }
}
