package dev.tessera.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules that tell access tokens from other tokens, the introspection audience rule, and the cache's lifetime. */
class TokenKindTest {

    @Test
    void onlyBearerAccessTokensPassTheDeclaredTypes() {
        assertThat(TokenKind.declaredOtherThanAccess(Map.of())).isEmpty();
        assertThat(TokenKind.declaredOtherThanAccess(Map.of("typ", "Bearer", "token_type", "bearer",
                "token_use", "access_token"))).isEmpty();
        assertThat(TokenKind.declaredOtherThanAccess(Map.of("token_use", "access"))).isEmpty();
        assertThat(TokenKind.declaredOtherThanAccess(Map.of("typ", "Refresh"))).contains("typ is Refresh");
        assertThat(TokenKind.declaredOtherThanAccess(Map.of("typ", "Offline"))).contains("typ is Offline");
        assertThat(TokenKind.declaredOtherThanAccess(Map.of("typ", "ID"))).contains("typ is ID");
        assertThat(TokenKind.declaredOtherThanAccess(Map.of("token_type", "refresh_token"))).isPresent();
        assertThat(TokenKind.declaredOtherThanAccess(Map.of("token_type", "N_A"))).isPresent();
        assertThat(TokenKind.declaredOtherThanAccess(Map.of("token_type", "DPoP"))).isPresent();
        assertThat(TokenKind.declaredOtherThanAccess(Map.of("token_use", "id"))).isPresent();
    }

    @Test
    void valuesNobodyVerifiedAreNotRepeatedUnlessPlain() {
        assertThat(TokenKind.shown("Refresh")).isEqualTo("Refresh");
        assertThat(TokenKind.shown("Refresh\r\nSet-Cookie: a=b")).isEqualTo("something else");
        assertThat(TokenKind.shown("\"quoted\"")).isEqualTo("something else");
        assertThat(TokenKind.shown("x".repeat(41))).isEqualTo("something else");
    }

    @Test
    void anIntrospectionAnswerMustNameTheAudienceInAudOrAzp() {
        assertThat(IntrospectionAnswers.whyRefused(Map.of("aud", "tessera"), "tessera")).isEmpty();
        assertThat(IntrospectionAnswers.whyRefused(Map.of("aud", List.of("account", "tessera")), "tessera")).isEmpty();
        assertThat(IntrospectionAnswers.whyRefused(Map.of("aud", "account", "azp", "tessera"), "tessera")).isEmpty();
        assertThat(IntrospectionAnswers.whyRefused(Map.of("azp", "admin-cli"), "tessera")).isPresent();
        assertThat(IntrospectionAnswers.whyRefused(Map.of(), "tessera")).isPresent();
        assertThat(IntrospectionAnswers.whyRefused(Map.of("aud", "tessera-extra"), "tessera")).isPresent();
        assertThat(IntrospectionAnswers.whyRefused(
                Map.of("aud", List.of("tessera "), "client_id", "tessera"), "tessera")).isPresent();
    }

    @Test
    void aVerifiedTokenIsKeptAMinuteAtMostHoweverFarItsExpiry() {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        assertThat(JwtAccessTokens.keepFor(now, Instant.parse("9999-12-31T23:59:59Z")))
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(JwtAccessTokens.keepFor(now, Instant.MAX)).isEqualTo(Duration.ofMinutes(1));
        assertThat(JwtAccessTokens.keepFor(now, now.plusSeconds(20))).isEqualTo(Duration.ofSeconds(20));
        assertThat(JwtAccessTokens.keepFor(now, now.minusSeconds(20))).isEqualTo(Duration.ZERO);
    }
}
